package org.mucregistration.packaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every setting the plugin declares ({@code SystemProperty.Builder...setKey("plugin.mucregistration....")}) has its
 * description in the plugin's i18n bundle under {@code system_property.<key>}: Openfire shows it on the Server
 * Properties page, and logs a WARN at each plugin load for a setting without one.
 */
class SettingDescriptionsTest {
    private static final Pattern KEY = Pattern.compile("\\.setKey\\(\"(plugin\\.mucregistration\\.[^\"]+)\"\\)");

    @Test
    void everySettingHasADescription() throws IOException {
        final List<String> keys = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                final Matcher m = KEY.matcher(Files.readString(source, StandardCharsets.UTF_8));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        assertFalse(keys.isEmpty(), "no settings found in src/main/java: the pattern is out of date");
        final Properties bundle = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("i18n/mucregistration_i18n.properties"),
                StandardCharsets.UTF_8)) {
            bundle.load(in);
        }
        final TreeSet<String> missing = new TreeSet<>();
        for (String key : keys) {
            final String description = bundle.getProperty("system_property." + key);
            if (description == null || description.isBlank()) {
                missing.add(key);
            }
        }
        assertEquals(new TreeSet<>(), missing, "settings without a description in the i18n bundle");
        assertTrue(keys.size() >= 4, "the plugin declares at least its four settings: " + keys);
    }
}
