package org.mucregistration.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the end-to-end suite finds the plugin jar under test and keeps its own files: next to the jar, in target/. */
final class BuildOutput {

    private BuildOutput() {
    }

    /** The plugin jar from {@code -Dplugin.jar} (set by failsafe), else {@code target/mucregistration.jar}. */
    static Path pluginJar() {
        String configured = System.getProperty("plugin.jar");
        Path jar = Path.of(configured != null && !configured.isBlank() ? configured : "target/mucregistration.jar")
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail("Plugin jar " + jar + " does not exist: run `mvn package` (or `mvn verify`) first so that the "
                    + "end-to-end suite tests the real plugin jar");
        }
        return jar;
    }

    /** {@code target/openfire-e2e/<TestClass>}: where the class's Openfire copy and its stdout live. */
    static Path workDir(Class<?> testClass) {
        return pluginJar().getParent().resolve("openfire-e2e").resolve(testClass.getSimpleName());
    }

    /** {@code target/screenshots}: the browser tests' screenshots of the admin page. */
    static Path screenshots() {
        return pluginJar().getParent().resolve("screenshots");
    }
}
