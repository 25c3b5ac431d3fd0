package org.mucregistration.openfire;

import org.jivesoftware.database.DbConnectionManager;
import org.jivesoftware.openfire.IQHandlerInfo;
import org.jivesoftware.openfire.PacketRouter;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.XMPPServerInfo;
import org.jivesoftware.openfire.handler.IQHandler;
import org.jivesoftware.openfire.interceptor.InterceptorManager;
import org.jivesoftware.openfire.interceptor.PacketInterceptor;
import org.jivesoftware.openfire.muc.MUCEventDispatcher;
import org.jivesoftware.openfire.muc.MUCEventListener;
import org.jivesoftware.openfire.muc.MultiUserChatManager;
import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.jivesoftware.util.cache.Cache;
import org.jivesoftware.util.cache.CacheFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockito.MockedConstruction;
import org.mockito.MockedStatic;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockConstruction;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.when;

/**
 * The plugin's start and stop against a mocked Openfire that records what is registered with it (the two reservation
 * caches, handlers on each MUC service, the packet interceptor, the MUC event listener) and the take-over's thread: a start followed by a stop
 * leaves nothing behind, and a start that fails at any step leaves nothing behind either, throws the step's failure
 * on, and a {@code destroyPlugin} afterwards (Openfire calls it when it unloads a plugin whose start failed) is harmless.
 */
class MucRegistrationPluginTest {
    private static final String TAKE_OVER_THREAD = "mucregistration-takeover";

    /** Where a start can fail, in the order the plugin reaches them. */
    enum Failure {
        FIRST_CACHE_REFUSED, // before anything is registered
        SECOND_CACHE_REFUSED, THIRD_CACHE_REFUSED,
        MEMBER_MAP_MISSING, // an Openfire whose MUCRoom has no member map
        FIRST_SERVICE_REFUSES_HANDLER,
        SECOND_SERVICE_REFUSES_HANDLER,
        NO_SERVER_INFO,
        INTERCEPTOR_REFUSED,
        LISTENER_REFUSED,
        NO_THREAD_FOR_TAKE_OVER // after everything else is registered
    }

    /** What is registered with the mocked Openfire now. */
    private final List<Object> registered = new ArrayList<>();
    private final List<AutoCloseable> mocks = new ArrayList<>();
    private final MultiUserChatService conference = service("conference");
    private final MultiUserChatService other = service("other");
    private final InterceptorManager interceptors = mock(InterceptorManager.class);
    private MockedStatic<MUCEventDispatcher> dispatcher;
    private MockedStatic<OpenfireMemberNicknames> memberNicknames;
    private MockedStatic<Executors> executors;
    private MockedStatic<CacheFactory> caches;
    private XMPPServer server;

    @BeforeEach
    void openfire() {
        Handlers.loadPropertyHolders();
        final MultiUserChatManager manager = mock(MultiUserChatManager.class);
        when(manager.getMultiUserChatServices()).thenReturn(List.of(conference, other));
        when(manager.getMultiUserChatService(anyString())).thenReturn(null);
        final XMPPServerInfo info = mock(XMPPServerInfo.class);
        when(info.getXMPPDomain()).thenReturn("localhost");
        server = mock(XMPPServer.class);
        when(server.getMultiUserChatManager()).thenReturn(manager);
        when(server.getServerInfo()).thenReturn(info);
        when(server.getPacketRouter()).thenReturn(mock(PacketRouter.class));
        record(interceptors);

        final MockedStatic<XMPPServer> xmppServer = mockStatic(XMPPServer.class);
        xmppServer.when(XMPPServer::getInstance).thenReturn(server);
        final MockedStatic<DbConnectionManager> db = mockStatic(DbConnectionManager.class);
        db.when(DbConnectionManager::getDatabaseType).thenReturn(DbConnectionManager.DatabaseType.hsqldb);
        final MockedStatic<InterceptorManager> interceptorManager = mockStatic(InterceptorManager.class);
        interceptorManager.when(InterceptorManager::getInstance).thenReturn(interceptors);
        dispatcher = mockStatic(MUCEventDispatcher.class);
        dispatcher.when(() -> MUCEventDispatcher.addListener(any())).thenAnswer(call -> {
            registered.add(call.getArgument(0, MUCEventListener.class));
            return null;
        });
        dispatcher.when(() -> MUCEventDispatcher.removeListener(any())).thenAnswer(call -> {
            registered.remove(call.getArgument(0, MUCEventListener.class));
            return null;
        });
        caches = mockStatic(CacheFactory.class); // no size or lifetime configured: hasMax...FromProperty is false
        caches.when(() -> CacheFactory.createCache(anyString())).thenAnswer(call -> {
            registered.add(new CacheOf(call.getArgument(0)));
            return mock(Cache.class);
        });
        caches.when(() -> CacheFactory.destroyCache(anyString())).thenAnswer(call -> {
            registered.remove(new CacheOf(call.getArgument(0)));
            return null;
        });
        memberNicknames = mockStatic(OpenfireMemberNicknames.class);
        memberNicknames.when(OpenfireMemberNicknames::create).thenReturn(mock(OpenfireMemberNicknames.class));
        // Real executors unless a case makes the plugin's own one fail (static mocks only act on this thread).
        executors = mockStatic(Executors.class, CALLS_REAL_METHODS);
        final MockedConstruction<IQHandlerInfo> handlerInfo = mockConstruction(IQHandlerInfo.class);
        mocks.addAll(List.of(xmppServer, db, interceptorManager, dispatcher, caches, memberNicknames, executors,
            handlerInfo));
    }

    @AfterEach
    void closeMocks() throws Exception {
        for (AutoCloseable m : mocks) {
            m.close();
        }
    }

    private MultiUserChatService service(String name) {
        final MultiUserChatService service = mock(MultiUserChatService.class);
        when(service.getServiceName()).thenReturn(name);
        when(service.getServiceDomain()).thenReturn(name + ".localhost");
        when(service.getAllRoomNames()).thenReturn(Set.of());
        doAnswer(call -> registered.add(new Installed(name, call.getArgument(0)))).when(service).addIQHandler(any());
        doAnswer(call -> registered.remove(new Installed(name, call.getArgument(0)))).when(service)
            .removeIQHandler(any());
        return service;
    }

    private record Installed(String service, IQHandler handler) {
    }

    private record CacheOf(String name) {
    }

    private void record(InterceptorManager manager) {
        doAnswer(call -> registered.add(call.getArgument(0, PacketInterceptor.class))).when(manager)
            .addInterceptor(any());
        doAnswer(call -> registered.remove(call.getArgument(0, PacketInterceptor.class))).when(manager)
            .removeInterceptor(any());
    }

    @Test
    void aStartRegistersEverythingAndAStopTakesEverythingOff() {
        final MucRegistrationPlugin plugin = new MucRegistrationPlugin();
        plugin.initializePlugin(null, new File("."));
        assertEquals(7, registered.size(), () -> "three caches, a handler on each service, the interceptor, the listener: "
            + registered);
        assertTrue(registered.containsAll(List.of(new CacheOf(ReservationCaches.BY_NICKNAME),
            new CacheOf(ReservationCaches.BY_USER), new CacheOf(ReservationCaches.BY_ROOM))), registered::toString);
        assertSame(plugin, MucRegistrationPlugin.instance());

        plugin.destroyPlugin();
        assertEquals(List.of(), registered);
        assertNull(MucRegistrationPlugin.instance());
        assertFalse(takeOverThreadAlive());
        plugin.destroyPlugin(); // a second stop finds nothing to do
        assertEquals(List.of(), registered);
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void aStartThatFailsUndoesWhatItHadDoneAndThrowsTheFailureOn(Failure failure) {
        final RuntimeException cause = new IllegalStateException("injected: " + failure);
        switch (failure) {
            case FIRST_CACHE_REFUSED -> refuseCache(ReservationCaches.BY_NICKNAME, cause);
            case SECOND_CACHE_REFUSED -> refuseCache(ReservationCaches.BY_USER, cause);
            case THIRD_CACHE_REFUSED -> refuseCache(ReservationCaches.BY_ROOM, cause);
            case MEMBER_MAP_MISSING -> memberNicknames.when(OpenfireMemberNicknames::create).thenThrow(cause);
            case FIRST_SERVICE_REFUSES_HANDLER -> refuseHandler(conference, cause);
            case SECOND_SERVICE_REFUSES_HANDLER -> refuseHandler(other, cause);
            case NO_SERVER_INFO -> when(server.getServerInfo()).thenThrow(cause);
            case INTERCEPTOR_REFUSED -> doAnswer(call -> {
                registered.add(call.getArgument(0)); // registered, then the failure: half done
                throw cause;
            }).when(interceptors).addInterceptor(any());
            case LISTENER_REFUSED -> dispatcher.when(() -> MUCEventDispatcher.addListener(any())).thenThrow(cause);
            case NO_THREAD_FOR_TAKE_OVER -> executors.when(() -> Executors.newSingleThreadExecutor(any()))
                .thenThrow(cause);
        }
        registered.clear(); // stubbing a static mock again calls its current answer once, with null
        final MucRegistrationPlugin plugin = new MucRegistrationPlugin();

        final RuntimeException thrown = assertThrows(RuntimeException.class,
            () -> plugin.initializePlugin(null, new File(".")));
        assertSame(cause, thrown);
        assertEquals(0, thrown.getSuppressed().length, () -> "an undo step failed: " + List.of(thrown.getSuppressed()));
        assertEquals(List.of(), registered, "left registered after the failed start");
        assertNull(MucRegistrationPlugin.instance());
        assertFalse(takeOverThreadAlive());

        plugin.destroyPlugin();
        assertEquals(List.of(), registered);
    }

    @Test
    void anUndoStepThatFailsDoesNotStopTheOthersAndTravelsWithTheFailure() {
        final RuntimeException cause = new IllegalStateException("injected: no thread");
        final RuntimeException undoFailure = new IllegalStateException("injected: cannot remove the listener");
        executors.when(() -> Executors.newSingleThreadExecutor(any())).thenThrow(cause);
        dispatcher.when(() -> MUCEventDispatcher.removeListener(any())).thenThrow(undoFailure);
        registered.clear(); // stubbing a static mock again calls its current answer once, with null
        final MucRegistrationPlugin plugin = new MucRegistrationPlugin();

        final RuntimeException thrown = assertThrows(RuntimeException.class,
            () -> plugin.initializePlugin(null, new File(".")));
        assertSame(cause, thrown);
        assertEquals(List.of(undoFailure), List.of(thrown.getSuppressed()));
        assertEquals(1, registered.size(), () -> "only the listener should be left: " + registered);
        assertTrue(registered.get(0) instanceof MUCEventListener);
    }

    private void refuseCache(String name, RuntimeException cause) {
        caches.when(() -> CacheFactory.createCache(name)).thenThrow(cause);
    }

    private void refuseHandler(MultiUserChatService service, RuntimeException cause) {
        doAnswer(call -> {
            throw cause;
        }).when(service).addIQHandler(any());
    }

    private static boolean takeOverThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().equals(TAKE_OVER_THREAD) && t.isAlive());
    }
}
