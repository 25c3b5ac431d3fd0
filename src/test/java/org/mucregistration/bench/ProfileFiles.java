package org.mucregistration.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What the profile readers ({@link JfrProfile}, {@link AsyncProfile}) share: finding the files, printing counts. */
final class ProfileFiles {

    private ProfileFiles() {
    }

    /**
     * The files named, and those under the folders named, whose name ends with the suffix (in name order); the live
     * benchmark's default work dir when nothing is named.
     *
     * @throws IllegalArgumentException when there is none
     */
    static List<Path> find(String[] args, String suffix) throws IOException {
        final List<Path> files = new ArrayList<>();
        for (String arg : args.length == 0 ? new String[] {"target/live-benchmark"} : args) {
            final Path path = Path.of(arg);
            if (Files.isDirectory(path)) {
                try (Stream<Path> found = Files.walk(path)) {
                    found.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().forEach(files::add);
                }
            } else {
                files.add(path);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no *" + suffix + " files in " + String.join(" ", args));
        }
        return files;
    }

    /** The title, then the largest counts, most first. */
    static void printTop(String title, Map<String, Long> counts, int limit) {
        System.out.println(title + ":");
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(limit)
            .forEach(e -> System.out.printf("      %,8d  %s%n", e.getValue(), e.getKey()));
    }
}
