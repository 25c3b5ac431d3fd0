package org.mucregistration.bench;

import com.sun.tools.attach.VirtualMachine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * async-profiler (the {@code tools.profiler:async-profiler} test dependency: its native library) loaded into a running
 * server's JVM through the JDK's attach API: CPU samples of every thread, the JIT compiler's and the garbage
 * collector's included (Java Flight Recorder samples only threads running Java code), written as collapsed stacks.
 */
final class AsyncProfiler {
    /** One sample per millisecond of CPU a thread uses. */
    static final String START = "start,event=cpu,interval=1ms,threads";

    private final Path library;

    private AsyncProfiler(Path library) {
        this.library = library;
    }

    /** The library for this machine, copied out of the dependency's jar into the folder. */
    static AsyncProfiler extractTo(Path folder) throws IOException {
        final String os = System.getProperty("os.name", "");
        final String arch = System.getProperty("os.arch", "");
        final String platform = !os.startsWith("Linux") ? null
            : arch.equals("amd64") || arch.equals("x86_64") ? "linux-x64"
            : arch.equals("aarch64") ? "linux-arm64" : null;
        if (platform == null) {
            throw new IOException("async-profiler's library is here for Linux on x64 and arm64, not " + os + " on "
                + arch + ": use --jfr");
        }
        final String resource = platform + "/libasyncProfiler.so";
        try (InputStream in = AsyncProfiler.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the class path (the tools.profiler:async-profiler test "
                    + "dependency)");
            }
            Files.createDirectories(folder);
            final Path library = folder.resolve("libasyncProfiler.so");
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            return new AsyncProfiler(library);
        }
    }

    void start(long pid) throws IOException {
        command(pid, START);
    }

    /** Stops sampling and writes what was sampled since {@link #start} to the file, one line per distinct stack. */
    void stopInto(long pid, Path collapsed) throws IOException {
        command(pid, "stop,file=" + collapsed.toAbsolutePath() + ",collapsed");
    }

    private void command(long pid, String command) throws IOException {
        try {
            final VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                vm.loadAgentPath(library.toAbsolutePath().toString(), command);
            } finally {
                vm.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException | com.sun.tools.attach.AgentLoadException
                 | com.sun.tools.attach.AgentInitializationException e) {
            throw new IOException("async-profiler: '" + command + "' in process " + pid + " failed", e);
        }
    }
}
