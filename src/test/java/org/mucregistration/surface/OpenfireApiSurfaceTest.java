package org.mucregistration.surface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that every declaration of the in-repo Openfire API surface ({@code src/openfire-api/java}) has exactly the
 * signature it has in Openfire 5.1.1 and in 5.0.5 (the plugin says it runs on 5.0.0 and later).
 *
 * <p>The truth is {@code src/test/resources/openfire/api-5.1.1.txt}, a {@code javap -public} listing of Openfire
 * 5.1.1's classes. The surface's compiled classes (in {@code target/classes}) are run through the same tool,
 * {@code javap -public}, and compared block by block: every surface class must be in the listing, with the very same
 * header line (modifiers, name, type parameters, superclass, interfaces), and every member line it prints must be one
 * of the listing's member lines for that class. The surface may declare fewer members than Openfire, never different
 * ones. All mismatches are reported in one assertion message.
 */
class OpenfireApiSurfaceTest {

    /**
     * Classpath locations of the listings (copied from Openfire so a fresh clone can run this test): the version the
     * surface is written from, and the oldest release line the plugin says it runs on (plugin.xml minServerVersion).
     */
    static final String LISTING_RESOURCE = "/openfire/api-5.1.1.txt";
    static final String OLDEST_LISTING_RESOURCE = "/openfire/api-5.0.5.txt";

    static final String SURFACE_SOURCE_ROOT = "src/openfire-api/java";
    static final String SURFACE_PACKAGE_DIR = "org/jivesoftware";

    /** {@code [modifiers] class|interface|enum NAME[<...>] ...}: NAME is the binary name, e.g. {@code a.b.C$D}. */
    private static final Pattern HEADER = Pattern.compile(
            "^(?:[a-z-]+ )*?(?:class|interface|enum|record) ([\\w.$]+).*\\{$");
    private static final Pattern COMPILED_FROM = Pattern.compile("^Compiled from \"(.+)\"$");

    /** One class as javap prints it: its header line and its member lines (trimmed, in order). */
    record ClassBlock(String name, String header, List<String> members, String sourceFile) {
    }

    // ------------------------------------------------------------------------------------------------------------
    // The tests
    // ------------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {LISTING_RESOURCE, OLDEST_LISTING_RESOURCE})
    void everySurfaceDeclarationHasTheSignatureOfTheListing(String listingResource) throws IOException {
        Map<String, ClassBlock> listing = loadListing(listingResource);
        assertTrue(listing.size() > 100, "the listing " + listingResource + " parsed into only " + listing.size()
                + " classes");

        Path basedir = basedir();
        Path sourceRoot = basedir.resolve(SURFACE_SOURCE_ROOT);
        Path classesDir = basedir.resolve("target/classes");
        assertTrue(Files.isDirectory(sourceRoot), "surface source root not found: " + sourceRoot);

        List<String> problems = new ArrayList<>();
        Map<String, ClassBlock> surface = loadSurface(sourceRoot, classesDir, problems);
        assertFalse(surface.isEmpty(), "the Openfire API surface is empty: no class compiled from " + sourceRoot
                + " was found in " + classesDir);

        problems.addAll(compare(surface, listing));
        assertTrue(problems.isEmpty(), () -> problems.size() + " mismatch(es) between the Openfire API surface ("
                + surface.size() + " classes in " + SURFACE_SOURCE_ROOT + ") and the listing "
                + listingResource + ":\n\n" + String.join("\n\n", problems) + "\n");
    }

    @Test
    void listingIsFoundAndHasTheMucClasses() throws IOException {
        Map<String, ClassBlock> listing = loadListing();
        ClassBlock listener = listing.get("org.jivesoftware.openfire.muc.MUCEventListener");
        assertNotNull(listener, "MUCEventListener missing from the listing");
        assertEquals("public interface org.jivesoftware.openfire.muc.MUCEventListener {", listener.header());
        assertTrue(listener.members().contains("public abstract void roomCreated(long, org.xmpp.packet.JID);"),
                listener.members().toString());
    }

    /** The comparison must be able to fail: a wrong header and a wrong member are both reported, with hints. */
    @Test
    void comparisonReportsWrongSignatures() {
        Map<String, ClassBlock> listing = parseJavap(List.of(
                "public interface org.example.Listener {",
                "  public abstract void roomCreated(long, org.xmpp.packet.JID);",
                "  public abstract void roomDestroyed(long, org.xmpp.packet.JID);",
                "}",
                "public class org.example.Manager<T extends java.lang.Number> extends org.example.Base "
                        + "implements org.example.Listener {",
                "  public org.example.Manager();",
                "  public static synchronized org.example.Manager<?> getInstance();",
                "  public java.util.List<T> values() throws java.io.IOException;",
                "}"));
        Map<String, ClassBlock> fakeSurface = parseJavap(List.of(
                "Compiled from \"Listener.java\"",
                "public interface org.example.Listener {",
                "  public abstract void roomCreated(long, org.xmpp.packet.JID);",   // right
                "  public abstract void roomDestroyed(java.lang.String);",          // wrong parameter
                "}",
                "Compiled from \"Manager.java\"",
                "public class org.example.Manager<T> extends org.example.Base {",   // wrong generics, no interface
                "  public org.example.Manager();",                                  // right
                "  public static org.example.Manager<?> getInstance();",           // not synchronized
                "  public java.util.List<T> values();",                             // no throws clause
                "  public void extra();",                                           // not in Openfire at all
                "}",
                "Compiled from \"Missing.java\"",
                "public class org.example.Missing {",                               // no such class
                "}"));
        List<String> problems = compare(fakeSurface, listing);
        String report = String.join("\n", problems);

        assertEquals(6, problems.size(), report);
        assertTrue(report.contains("public abstract void roomDestroyed(java.lang.String);"), report);
        assertTrue(report.contains("public abstract void roomDestroyed(long, org.xmpp.packet.JID);"), report);
        assertTrue(report.contains("public class org.example.Manager<T> extends org.example.Base {"), report);
        assertTrue(report.contains("public static synchronized org.example.Manager<?> getInstance();"), report);
        assertTrue(report.contains("public java.util.List<T> values() throws java.io.IOException;"), report);
        assertTrue(report.contains("public void extra();") && report.contains("no member named 'extra'"), report);
        assertTrue(report.contains("org.example.Missing") && report.contains("not in the listing"), report);
        assertFalse(report.contains("roomCreated"), report);

        assertTrue(compare(listing, listing).isEmpty(), "a listing compared with itself must match");
    }

    /** End to end: a wrong declaration compiled by javac and read back by javap is reported. */
    @Test
    void wrongDeclarationCompiledAndReadByJavapIsReported(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src/org/jivesoftware/openfire/muc/MUCEventListener.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, String.join("\n",
                "package org.jivesoftware.openfire.muc;",
                "public interface MUCEventListener {",
                "    void roomCreated(long roomID, org.xmpp.packet.JID roomJID);",      // right
                "    void roomDestroyed(org.xmpp.packet.JID roomJID);",                  // wrong: no roomID
                "}",
                ""));
        Path out = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no system Java compiler (run the tests on a JDK)");
        int rc = javac.run(null, null, null, "--release", "17", "-cp", System.getProperty("java.class.path"),
                "-d", out.toString(), src.toString());
        assertEquals(0, rc, "javac failed on the deliberately wrong declaration");

        List<String> problems = new ArrayList<>();
        Map<String, ClassBlock> surface = loadSurface(tmp.resolve("src"), out, problems);
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(Set.of("org.jivesoftware.openfire.muc.MUCEventListener"), surface.keySet());

        problems.addAll(compare(surface, loadListing()));
        assertEquals(1, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).contains("public abstract void roomDestroyed(org.xmpp.packet.JID);"),
                problems.get(0));
        assertTrue(problems.get(0).contains("public abstract void roomDestroyed(long, org.xmpp.packet.JID);"),
                problems.get(0));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Comparison
    // ------------------------------------------------------------------------------------------------------------

    /** Every difference between the surface and the listing, one readable paragraph each. */
    static List<String> compare(Map<String, ClassBlock> surface, Map<String, ClassBlock> listing) {
        List<String> problems = new ArrayList<>();
        for (ClassBlock mine : surface.values()) {
            ClassBlock theirs = listing.get(mine.name());
            if (theirs == null) {
                problems.add(mine.name() + ": class not in the listing\n"
                        + "    surface: " + mine.header() + "\n"
                        + "    listing: " + orNone(similarClasses(mine.name(), listing)));
                continue;
            }
            if (!mine.header().equals(theirs.header())) {
                problems.add(mine.name() + ": class header differs\n"
                        + "    surface: " + mine.header() + "\n"
                        + "    listing: " + theirs.header());
            }
            Set<String> known = new LinkedHashSet<>(theirs.members());
            for (String member : mine.members()) {
                if (known.contains(member)) {
                    continue;
                }
                String name = memberName(member, mine.name());
                List<String> closest = theirs.members().stream()
                        .filter(m -> name.equals(memberName(m, theirs.name())))
                        .collect(Collectors.toList());
                problems.add(mine.name() + ": member not in the listing\n"
                        + "    surface: " + member + "\n"
                        + "    listing: " + (closest.isEmpty()
                                ? "(no member named '" + name + "' in " + theirs.name() + ")"
                                : String.join("\n             ", closest)));
            }
        }
        return problems;
    }

    private static String orNone(List<String> lines) {
        return lines.isEmpty() ? "(no class with that simple name)" : String.join("\n             ", lines);
    }

    /** Listing headers of classes with the same simple name (e.g. the class lives in another package in 5.1.1). */
    private static List<String> similarClasses(String binaryName, Map<String, ClassBlock> listing) {
        String simple = binaryName.substring(Math.max(binaryName.lastIndexOf('.'), binaryName.lastIndexOf('$')) + 1);
        return listing.values().stream()
                .filter(b -> b.name().endsWith("." + simple) || b.name().endsWith("$" + simple))
                .map(ClassBlock::header)
                .collect(Collectors.toList());
    }

    /**
     * The name of a javap member line: the identifier before {@code (} for methods and constructors (a constructor's
     * name is the class's simple binary name), else the last identifier before {@code ;} for fields.
     */
    static String memberName(String member, String className) {
        String line = member.endsWith(";") ? member.substring(0, member.length() - 1) : member;
        int paren = line.indexOf('(');
        String before = paren >= 0 ? line.substring(0, paren) : line;
        String[] tokens = before.trim().split("\\s+");
        String last = tokens[tokens.length - 1];
        if (paren >= 0 && last.equals(className)) {
            return "<init>";
        }
        return last;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Loading: listing, surface
    // ------------------------------------------------------------------------------------------------------------

    static Map<String, ClassBlock> loadListing() throws IOException {
        return loadListing(LISTING_RESOURCE);
    }

    static Map<String, ClassBlock> loadListing(String resource) throws IOException {
        try (InputStream in = OpenfireApiSurfaceTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, "Openfire listing not found on the test classpath at " + resource
                    + " (src/test/resources" + resource + ")");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, ClassBlock> blocks = parseJavap(text.lines().collect(Collectors.toList()));
            assertFalse(blocks.isEmpty(), "the listing " + resource + " has no class block");
            return blocks;
        }
    }

    /**
     * The surface's classes as javap prints them: every class file under {@code classesDir/org/jivesoftware} that was
     * compiled from a source file of {@code sourceRoot} (javap's {@code Compiled from} line names the file), nested
     * and inner classes included. Anonymous and local classes ({@code Outer$1}, {@code Outer$1Local}) are left out:
     * they are no declaration, and their compiler-chosen names would be compared with unrelated Openfire classes.
     * A source file with no compiled class is reported in {@code problems}.
     */
    static Map<String, ClassBlock> loadSurface(Path sourceRoot, Path classesDir, List<String> problems)
            throws IOException {
        Set<String> sources = new TreeSet<>();   // e.g. "org/jivesoftware/openfire/XMPPServer.java"
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            files.filter(Files::isRegularFile)
                    .map(p -> sourceRoot.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.endsWith(".java"))
                    .filter(p -> !p.endsWith("/package-info.java") && !p.endsWith("module-info.java"))
                    .forEach(sources::add);
        }
        if (sources.isEmpty()) {
            return Map.of();
        }
        Path packageRoot = classesDir.resolve(SURFACE_PACKAGE_DIR);
        List<String> classFiles = new ArrayList<>();
        if (Files.isDirectory(packageRoot)) {
            try (Stream<Path> files = Files.walk(packageRoot)) {
                files.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().endsWith(".class"))
                        .filter(p -> !p.getFileName().toString().equals("package-info.class"))
                        .filter(p -> !isAnonymousOrLocal(p.getFileName().toString()))
                        .map(Path::toString)
                        .sorted()
                        .forEach(classFiles::add);
            }
        }
        Map<String, ClassBlock> surface = new TreeMap<>();
        Set<String> compiledSources = new TreeSet<>();
        if (!classFiles.isEmpty()) {
            for (ClassBlock block : parseJavap(javap(classFiles)).values()) {
                String pkgDir = packageDir(block.name());
                String source = block.sourceFile() != null
                        ? pkgDir + block.sourceFile()
                        : pkgDir + outerSimpleName(block.name()) + ".java";
                if (sources.contains(source)) {   // else a stale class file whose source is gone
                    surface.put(block.name(), block);
                    compiledSources.add(source);
                }
            }
        }
        for (String source : sources) {
            if (!compiledSources.contains(source)) {
                problems.add(source + ": no compiled class found in " + classesDir
                        + " (does it compile? is the package declaration right?)");
            }
        }
        return surface;
    }

    private static boolean isAnonymousOrLocal(String classFileName) {
        String name = classFileName.substring(0, classFileName.length() - ".class".length());
        String[] parts = name.split("\\$", -1);
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty() && Character.isDigit(parts[i].charAt(0))) {
                return true;
            }
        }
        return false;
    }

    private static String packageDir(String binaryName) {
        int dot = binaryName.lastIndexOf('.');
        return dot < 0 ? "" : binaryName.substring(0, dot + 1).replace('.', '/');
    }

    private static String outerSimpleName(String binaryName) {
        String simple = binaryName.substring(binaryName.lastIndexOf('.') + 1);
        int dollar = simple.indexOf('$');
        return dollar < 0 ? simple : simple.substring(0, dollar);
    }

    /** Runs the JDK's own javap (the tool that produced the listing) with {@code -public} on the given class files. */
    static List<String> javap(List<String> classFiles) {
        ToolProvider javap = ToolProvider.findFirst("javap")
                .orElseThrow(() -> new AssertionError("javap tool not found: run the tests on a JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>();
        args.add("-public");
        args.addAll(classFiles);
        int rc;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            rc = javap.run(o, e, args.toArray(String[]::new));
        }
        String errors = err.toString().strip();
        if (rc != 0 || !errors.isEmpty()) {
            throw new AssertionError("javap -public failed (exit " + rc + "): " + errors + "\n" + out);
        }
        return out.toString().lines().collect(Collectors.toList());
    }

    /**
     * Parses javap output into class blocks, keyed by binary name. A block is a header line ending in {@code " {"},
     * member lines (indented), and a closing {@code "}"}. {@code Compiled from "X.java"} lines give the next block's
     * source file; blank lines and {@code #} comments (the listing's preamble) are skipped.
     */
    static Map<String, ClassBlock> parseJavap(List<String> lines) {
        Map<String, ClassBlock> blocks = new LinkedHashMap<>();
        String sourceFile = null;
        String header = null;
        String name = null;
        List<String> members = null;
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.stripTrailing();
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header == null) {
                Matcher from = COMPILED_FROM.matcher(line);
                if (from.matches()) {
                    sourceFile = from.group(1);
                    continue;
                }
                Matcher h = HEADER.matcher(line);
                if (!h.matches()) {
                    throw new IllegalArgumentException("line " + lineNo + ": expected a class header: " + line);
                }
                header = line;
                name = h.group(1);
                members = new ArrayList<>();
            } else if (line.equals("}")) {
                if (blocks.put(name, new ClassBlock(name, header, List.copyOf(members), sourceFile)) != null) {
                    throw new IllegalArgumentException("line " + lineNo + ": class listed twice: " + name);
                }
                header = null;
                name = null;
                members = null;
                sourceFile = null;
            } else if (Character.isWhitespace(line.charAt(0))) {
                members.add(line.strip());
            } else {
                throw new IllegalArgumentException("line " + lineNo + ": unexpected line in class " + name + ": "
                        + line);
            }
        }
        if (header != null) {
            throw new IllegalArgumentException("unterminated class block: " + header);
        }
        return blocks;
    }

    /** The project's base directory: surefire sets {@code basedir}; an IDE usually runs in it. */
    static Path basedir() {
        String basedir = System.getProperty("basedir");
        return Paths.get(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
    }
}
