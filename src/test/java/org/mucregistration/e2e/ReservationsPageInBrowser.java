package org.mucregistration.e2e;

import org.mucregistration.admin.AdminConsoleBrowser;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The plugin's Reserved Nicknames page as an admin uses it in a browser: its forms filled in and sent, its rows and
 * messages read back. Each action returns once the next page is shown.
 */
final class ReservationsPageInBrowser {
    static final String PATH = "/plugins/mucregistration/mucregistration-reservations.jsp";

    private final AdminConsoleBrowser browser;

    ReservationsPageInBrowser(AdminConsoleBrowser browser) {
        this.browser = browser;
    }

    ChromeDriver driver() {
        return browser.driver();
    }

    /** Opens the page (the admin is logged in). */
    void open() {
        browser.open(PATH);
        browser.await(By.id("mucregistration-add"));
    }

    String text(By by) {
        return driver().findElement(by).getText();
    }

    /** Fills in and sends the add form. */
    void add(String room, String jid, String nick) {
        type(By.id("mucregistration-add-room"), room);
        type(By.id("mucregistration-add-jid"), jid);
        type(By.id("mucregistration-add-nick"), nick);
        submit(By.id("mucregistration-add-submit"));
    }

    /** Opens the row's edit form, types the nickname and saves. */
    void edit(String jid, String nick) {
        final WebElement link = row(jid).element.findElement(By.className("mucregistration-edit"));
        browser.clickToNextPage(link);
        type(browser.await(By.id("mucregistration-edit-nick")), nick);
        submit(By.id("mucregistration-edit-save"));
    }

    /** Clicks the row's remove button and accepts the confirmation; returns the confirmation's text. */
    String remove(String jid) {
        browser.markCurrentPage();
        row(jid).element.findElement(By.className("mucregistration-remove")).click();
        final WebDriverWait wait = new WebDriverWait(driver(), Duration.ofSeconds(10));
        final String confirm = wait.until(ExpectedConditions.alertIsPresent()).getText();
        driver().switchTo().alert().accept();
        browser.awaitNextPage();
        browser.await(By.id("mucregistration-add"));
        return confirm;
    }

    void search(String room, String fragment) {
        type(By.id("mucregistration-room"), room);
        type(By.id("mucregistration-q"), fragment);
        submit(By.id("mucregistration-search-submit"));
    }

    void type(By by, String text) {
        type(driver().findElement(by), text);
    }

    static void type(WebElement field, String text) {
        field.clear();
        if (!text.isEmpty()) {
            field.sendKeys(text);
        }
    }

    void submit(By button) {
        browser.clickToNextPage(driver().findElement(button));
        browser.await(By.id("mucregistration-add"));
    }

    /** The page's messages, each as type:text. */
    List<String> messages() {
        return driver().findElements(By.className("mucregistration-message")).stream()
            .map(e -> e.getAttribute("class").replaceAll(".*jive-(\\w+).*", "$1") + ":" + e.getText().trim())
            .collect(Collectors.toList());
    }

    int total() {
        final String summary = text(By.id("mucregistration-summary"));
        return Integer.parseInt(summary.replaceAll("(?s).*: ([0-9,]+)\\..*", "$1").replace(",", ""));
    }

    static final class Row {
        WebElement element;
        String room;
        String jid;
        String nick;
        String affiliation;
        String inRoom;
    }

    List<Row> rows() {
        return driver().findElements(By.className("mucregistration-row")).stream().map(e -> {
            final Row row = new Row();
            row.element = e;
            row.room = e.findElement(By.className("mucregistration-room")).getText();
            row.jid = e.findElement(By.className("mucregistration-jid")).getText();
            row.nick = e.findElement(By.className("mucregistration-nick")).getText();
            row.affiliation = e.findElement(By.className("mucregistration-affiliation")).getText().trim();
            row.inRoom = e.findElement(By.className("mucregistration-in-room")).getText().trim();
            return row;
        }).collect(Collectors.toList());
    }

    Row row(String jid) {
        return rows().stream().filter(r -> r.jid.equals(jid)).findFirst()
            .orElseThrow(() -> new AssertionError("no row for " + jid + " in:\n"
                + text(By.id("mucregistration-reservations"))));
    }
}
