package org.mucregistration.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AsyncProfileTest {

    private static final List<String> SAMPLES = List.of(
        "[socket_c2s-handler-1 tid=11];java/lang/Thread.run;org/mucregistration/openfire/Rooms.locked;"
            + "org/mucregistration/storage/JdbcReservationStore.insert;org/hsqldb/Session.execute 5",
        "[socket_c2s-handler-2 tid=12];java/lang/Thread.run;org/mucregistration/openfire/Rooms.locked;"
            + "org/jivesoftware/openfire/muc/spi/MultiUserChatServiceImpl.syncChatRoom 3",
        "[socket_c2s-handler-2 tid=12];java/lang/Thread.run;org/jivesoftware/openfire/IQRouter.route;"
            + "ObjectMonitor::enter;do_syscall_64_[k] 2",
        "[C2 CompilerThread0 tid=7];start_thread;C2Compiler::compile_method 4",
        "[GC Thread#0 tid=3];start_thread;G1ParTask::work 2",
        "[socket_c2s-worker-1 tid=9];java/lang/Thread.run;sun/nio/ch/EPoll.wait;do_syscall_64_[k] 1",
        "[HSQLDB Timer @1a2b tid=20];java/lang/Thread.run 1",
        "");

    @Test
    void samplesAreCountedByKindOfThreadAndThePluginsShareIsThatOfTheRequestHandlers() {
        final AsyncProfile.Summary s = AsyncProfile.summarise(SAMPLES);
        assertEquals(18, s.samples());
        assertEquals(Map.of(AsyncProfile.Kind.REQUESTS, 10L, AsyncProfile.Kind.NETWORK, 1L, AsyncProfile.Kind.JIT, 4L,
            AsyncProfile.Kind.GC, 2L, AsyncProfile.Kind.OTHER, 1L), s.byKind());
        assertEquals(8, s.requestsWithPlugin());
        assertEquals(3, s.kernel());
    }

    @Test
    void thePluginsInnermostFrameIsNamedWithWhatItCalled() {
        final AsyncProfile.Summary s = AsyncProfile.summarise(SAMPLES);
        assertEquals(Map.of(
            "org.mucregistration.storage.JdbcReservationStore.insert -> org.hsqldb.Session.execute", 5L,
            "org.mucregistration.openfire.Rooms.locked -> "
                + "org.jivesoftware.openfire.muc.spi.MultiUserChatServiceImpl.syncChatRoom", 3L), s.pluginCalls());
    }

    @Test
    void methodsOnMostRequestHandlersStacksAreLeftOutAndNativeFramesAreNoMethods() {
        final AsyncProfile.Summary s = AsyncProfile.summarise(SAMPLES);
        assertFalse(s.requestMethods().containsKey("java.lang.Thread.run"), s.requestMethods()::toString);
        assertFalse(s.requestMethods().containsKey("org.mucregistration.openfire.Rooms.locked"), "8 of 10");
        assertEquals(5L, s.requestMethods().get("org.mucregistration.storage.JdbcReservationStore.insert"));
        assertEquals(2L, s.requestMethods().get("org.jivesoftware.openfire.IQRouter.route"));
        assertFalse(s.requestMethods().containsKey("ObjectMonitor::enter"));
        assertFalse(s.requestMethods().keySet().stream().anyMatch(m -> m.endsWith("_[k]")));
    }
}
