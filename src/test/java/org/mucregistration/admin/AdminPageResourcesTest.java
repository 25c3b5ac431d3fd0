package org.mucregistration.admin;

import org.junit.jupiter.api.Test;
import org.mucregistration.protocol.RoomAffiliation;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Static checks of the admin page's resources: every i18n key the page, its Java side and plugin.xml use is in the
 * English bundle and formats; every value the JSP writes into the page is escaped.
 */
class AdminPageResourcesTest {
    static final Path JSP = Path.of("web/mucregistration-reservations.jsp");
    static final Path BUNDLE = Path.of("i18n/mucregistration_i18n.properties");
    static final Path JAVA = Path.of("src/main/java/org/mucregistration/admin");

    static Properties bundle() throws IOException {
        final Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(BUNDLE, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    static Set<String> matches(Pattern pattern, String text) {
        final Set<String> found = new TreeSet<>();
        final Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void everyKeyUsedIsInTheEnglishBundle() throws IOException {
        final Properties bundle = bundle();
        final Set<String> used = new TreeSet<>();
        used.addAll(matches(Pattern.compile("key=\"(mucregistration\\.[\\w.-]+)\""), Files.readString(JSP)));
        try (Stream<Path> sources = Files.list(JAVA)) {
            for (Path source : sources.collect(Collectors.toList())) {
                used.addAll(matches(Pattern.compile("\"(mucregistration\\.reservations\\.[\\w.-]+)\""),
                    Files.readString(source)));
            }
        }
        used.addAll(matches(Pattern.compile("\\$\\{(mucregistration\\.[\\w.-]+)}"),
            Files.readString(Path.of("plugin.xml"))));
        for (RoomAffiliation affiliation : RoomAffiliation.values()) {
            used.add("mucregistration.reservations.affiliation." + affiliation.name()); // key="...${row.affiliation}"
        }
        used.remove(ReservationsRequest.FLASH); // a session attribute, not a message
        assertTrue(used.size() > 60, "found only " + used);
        final List<String> missing = used.stream().filter(k -> !bundle.containsKey(k)).collect(Collectors.toList());
        assertTrue(missing.isEmpty(), "keys missing from " + BUNDLE + ": " + missing);
    }

    @Test
    void everyMessageIsAValidMessageFormatWithoutStraySingleQuotes() throws IOException {
        final Properties bundle = bundle();
        final List<String> bad = new ArrayList<>();
        for (String key : bundle.stringPropertyNames()) {
            final String value = bundle.getProperty(key);
            if (value.isBlank()) {
                bad.add(key + " is empty");
                continue;
            }
            try {
                final String formatted = new MessageFormat(value).format(new Object[] {"A", "B", "C", "D", "E"});
                if (value.replace("''", "").contains("'")) {
                    bad.add(key + ": a single quote is eaten by MessageFormat (write '')");
                }
                assertFalse(formatted.isEmpty());
            } catch (IllegalArgumentException e) {
                bad.add(key + ": " + e.getMessage());
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void theBundleIsAscii() throws IOException {
        final byte[] bytes = Files.readAllBytes(BUNDLE);
        for (int i = 0; i < bytes.length; i++) {
            assertTrue(bytes[i] >= 0, "non-ASCII byte at " + i + ": use \\uXXXX escapes");
        }
    }

    /**
     * Every EL expression written into the page's markup is escaped ({@code fn:escapeXml}), or is one of a few that
     * can only be numbers, booleans or fixed words. Expressions inside JSTL tags are the tags' business: c:out
     * escapes, fmt:param values are escaped with the formatted message by the c:out that prints it.
     */
    @Test
    void everyValueWrittenIntoTheMarkupIsEscaped() throws IOException {
        final String jsp = Files.readString(JSP);
        final String outsideJstlTags = jsp.replaceAll("<(c|fmt|fn):[^>]*>", "<jstl>").replaceAll("<%--.*?--%>", "");
        final Set<String> allowed = Set.of(
            "${listing.page}", "${listing.pageSize}", "${size}", "${link.page}", "${listing.first + status.index}",
            "${message.type}", "${choice.selected ? ' selected' : ''}",
            "${size == listing.pageSize ? ' selected' : ''}");
        final List<String> unescaped = new ArrayList<>();
        final Matcher m = Pattern.compile("\\$\\{[^}]*}").matcher(outsideJstlTags);
        while (m.find()) {
            final String el = m.group();
            if (!el.startsWith("${fn:escapeXml(") && !allowed.contains(el)) {
                unescaped.add(el);
            }
        }
        assertTrue(unescaped.isEmpty(), "unescaped EL in the page's markup: " + unescaped);
        assertFalse(jsp.contains("<%="), "no scriptlet expressions: they are not escaped");
    }

    @Test
    void theCompiledPageIsPackagedWithItsMapping() throws IOException {
        // After `mvn package`: the jspc plugin merged the page's servlet mapping into the web.xml the jar ships.
        final Path merged = Path.of("target/jspc-web/WEB-INF/web.xml");
        if (Files.exists(merged)) {
            final String xml = Files.readString(merged);
            assertTrue(xml.contains("<url-pattern>/mucregistration-reservations.jsp</url-pattern>"), xml);
        }
        try (InputStream in = getClass().getResourceAsStream("jsp/mucregistration_002dreservations_jsp.class")) {
            assertTrue(in != null, "the page was not compiled into org.mucregistration.admin.jsp (jspc plugin)");
        }
    }
}
