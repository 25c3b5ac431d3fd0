package org.mucregistration.packaging;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.stream.Collectors;

import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.Element;
import org.dom4j.io.SAXReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Opens the built Openfire plugin jar ({@code target/mucregistration.jar}, system property {@code plugin.jar}) and
 * checks the layout Openfire's PluginManager expects: metadata at the root, the plugin's classes and its packed
 * dependencies in {@code lib/}, the database scripts and i18n bundle in their folders. The in-repo Openfire API
 * surface ({@code org/jivesoftware/**}) and the libraries the server provides must not ship.
 */
class PluginJarIT {

    static final String PLUGIN = "mucregistration";

    /** Every entry of the plugin jar, name to content (the jar is small). */
    private static Map<String, byte[]> entries;
    private static Path jar;

    @BeforeAll
    static void readPluginJar() throws IOException {
        String property = System.getProperty("plugin.jar");
        jar = Paths.get(property != null ? property : "target/" + PLUGIN + ".jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "plugin jar not found: " + jar + " (run 'mvn verify')");
        try (InputStream in = Files.newInputStream(jar)) {
            entries = readJar(in);
        }
        assertFalse(entries.isEmpty(), "plugin jar is empty: " + jar);
    }

    @Test
    void pluginXmlDescribesThePlugin() throws DocumentException {
        byte[] xml = entries.get("plugin.xml");
        assertNotNull(xml, "plugin.xml missing at the root of " + jar + "; entries: " + entries.keySet());
        Element plugin = parse(xml).getRootElement();
        assertEquals("plugin", plugin.getName(), "plugin.xml root element");

        String expectedVersion = System.getProperty("project.version");
        assertNotNull(expectedVersion, "system property project.version not set (failsafe configuration in pom.xml)");

        assertAll("plugin.xml",
                () -> assertNotBlank(plugin, "name"),
                () -> assertNotBlank(plugin, "description"),
                () -> assertNotBlank(plugin, "author"),
                () -> assertEquals(expectedVersion, text(plugin, "version"), "plugin.xml <version> = pom version"),
                () -> assertDate(text(plugin, "date")),
                () -> assertEquals("5.0.0", text(plugin, "minServerVersion"), "plugin.xml <minServerVersion>"),
                () -> assertEquals(PLUGIN, text(plugin, "databaseKey"), "plugin.xml <databaseKey>"),
                () -> assertEquals("1", text(plugin, "databaseVersion"), "plugin.xml <databaseVersion>"));
    }

    @Test
    void pluginFilesAreInPlace() {
        assertAll("plugin jar layout",
                present("readme.html"),
                present("changelog.html"),
                present("lib/" + PLUGIN + "-classes.jar"),
                present("database/" + PLUGIN + "_hsqldb.sql"),
                present("i18n/" + PLUGIN + "_i18n.properties"));
    }

    @Test
    void classesJarHoldsThePluginClasses() throws IOException {
        String name = "lib/" + PLUGIN + "-classes.jar";
        byte[] classesJar = entries.get(name);
        assertNotNull(classesJar, name + " missing; lib/ holds: " + lib().keySet());
        List<String> classes = readJar(new ByteArrayInputStream(classesJar)).keySet().stream()
                .filter(e -> e.startsWith("org/mucregistration/") && e.endsWith(".class"))
                .collect(Collectors.toList());
        assertFalse(classes.isEmpty(), name + " has no org/mucregistration/** class");
    }

    /** The Openfire API surface is compiled against, never shipped: not at the top, not in any nested jar. */
    @Test
    void noOpenfireClassAnywhere() throws IOException {
        List<String> offending = findEverywhere(e -> e.startsWith("org/jivesoftware/"));
        assertTrue(offending.isEmpty(), "org/jivesoftware/ entries ship in the plugin jar: " + offending);
    }

    /** Tinder, dom4j and SLF4J come with Openfire; precis is the plugin's own dependency and ships in lib/. */
    @Test
    void libHoldsPrecisAndNoServerProvidedLibrary() throws IOException {
        Map<String, byte[]> lib = lib();
        List<String> provided = lib.keySet().stream()
                .filter(n -> n.matches("lib/(tinder|dom4j|slf4j)[^/]*\\.jar"))
                .collect(Collectors.toList());
        List<String> providedClasses = findEverywhere(e -> e.startsWith("org/xmpp/") || e.startsWith("org/dom4j/")
                || e.startsWith("org/slf4j/"));
        List<String> precis = lib.keySet().stream()
                .filter(n -> n.matches("lib/precis-[^/]*\\.jar"))
                .collect(Collectors.toList());
        assertAll("lib/",
                () -> assertTrue(provided.isEmpty(), "server-provided libraries packed in lib/: " + provided),
                () -> assertTrue(providedClasses.isEmpty(),
                        "Tinder/dom4j/SLF4J classes ship in the plugin jar: " + providedClasses),
                () -> assertEquals(1, precis.size(), "exactly one rocks.xmpp precis jar in lib/; lib/ holds: "
                        + lib.keySet()),
                () -> {
                    for (String p : precis) {
                        assertTrue(readJar(new ByteArrayInputStream(lib.get(p))).keySet().stream()
                                .anyMatch(e -> e.startsWith("rocks/xmpp/precis/") && e.endsWith(".class")),
                                p + " holds no rocks/xmpp/precis/ class");
                    }
                });
    }

    // ------------------------------------------------------------------------------------------------------------

    private static Map<String, byte[]> lib() {
        return entries.entrySet().stream()
                .filter(e -> e.getKey().startsWith("lib/") && e.getKey().endsWith(".jar"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** Names (jar!/entry for nested jars, at any depth) of the entries matching {@code test}. */
    private static List<String> findEverywhere(Predicate<String> test) throws IOException {
        List<String> found = new ArrayList<>();
        collect("", entries, test, found);
        return found;
    }

    private static void collect(String prefix, Map<String, byte[]> jarEntries, Predicate<String> test,
                                List<String> found) throws IOException {
        for (Map.Entry<String, byte[]> e : jarEntries.entrySet()) {
            if (test.test(e.getKey())) {
                found.add(prefix + e.getKey());
            }
            if (e.getKey().endsWith(".jar")) {
                collect(prefix + e.getKey() + "!/", readJar(new ByteArrayInputStream(e.getValue())), test, found);
            }
        }
    }

    private static Map<String, byte[]> readJar(InputStream in) throws IOException {
        Map<String, byte[]> result = new LinkedHashMap<>();
        try (JarInputStream jarIn = new JarInputStream(in)) {
            if (jarIn.getManifest() != null) {
                result.put("META-INF/MANIFEST.MF", new byte[0]);
            }
            JarEntry entry;
            while ((entry = jarIn.getNextJarEntry()) != null) {
                result.put(entry.getName(), entry.isDirectory() ? new byte[0] : jarIn.readAllBytes());
            }
        }
        return result;
    }

    private static Executable present(String name) {
        return () -> {
            byte[] content = entries.get(name);
            assertNotNull(content, name + " missing from " + jar);
            assertTrue(content.length > 0, name + " is empty");
        };
    }

    private static Document parse(byte[] xml) throws DocumentException {
        SAXReader reader = new SAXReader();
        try {
            reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (org.xml.sax.SAXException e) {
            fail("XML parser cannot refuse DOCTYPEs: " + e);
        }
        return reader.read(new ByteArrayInputStream(xml));
    }

    private static String text(Element plugin, String child) {
        Element e = plugin.element(child);
        assertNotNull(e, "plugin.xml has no <" + child + ">");
        return e.getTextTrim();
    }

    private static void assertNotBlank(Element plugin, String child) {
        assertFalse(text(plugin, child).isEmpty(), "plugin.xml <" + child + "> is blank");
    }

    /** Openfire plugins give their release date as yyyy-MM-dd (older ones MM/dd/yyyy). */
    private static void assertDate(String date) {
        for (String pattern : List.of("uuuu-MM-dd", "MM/dd/uuuu")) {
            try {
                LocalDate.parse(date, DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT));
                return;
            } catch (DateTimeParseException ignored) {
                // try the next form
            }
        }
        fail("plugin.xml <date> is not a date (yyyy-MM-dd or MM/dd/yyyy): '" + date + "'");
    }
}
