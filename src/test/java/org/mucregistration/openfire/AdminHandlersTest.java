package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** A muc#admin handler on every service, new ones included, once each, and none left after unloading. */
class AdminHandlersTest {
    private final AdminHandlers handlers = new AdminHandlers(service -> Handlers.admin(service, null));

    private static MultiUserChatService service(String name) {
        final MultiUserChatService service = mock(MultiUserChatService.class);
        when(service.getServiceName()).thenReturn(name);
        when(service.getServiceDomain()).thenReturn(name + ".localhost");
        return service;
    }

    @Test
    void aServiceGetsOneHandlerHoweverOftenItIsSeen() {
        final MultiUserChatService conference = service("conference");
        handlers.ensure(conference);
        handlers.ensure(conference);
        handlers.ensure(conference);
        verify(conference, times(1)).addIQHandler(any(MucAdminHandler.class));
        assertEquals(1, handlers.size());
    }

    @Test
    void aServiceCreatedLaterGetsItsOwn() {
        final MultiUserChatService conference = service("conference");
        final MultiUserChatService created = service("events");
        handlers.ensure(conference);
        handlers.ensure(created);
        verify(created).addIQHandler(any(MucAdminHandler.class));
        assertEquals(2, handlers.size());
    }

    @Test
    void aServiceDeletedAndCreatedAgainUnderItsNameGetsANewHandler() {
        final MultiUserChatService before = service("events");
        final MultiUserChatService after = service("events");
        handlers.ensure(before);
        handlers.ensure(after);
        verify(before).removeIQHandler(any(MucAdminHandler.class));
        verify(after).addIQHandler(any(MucAdminHandler.class));
        assertEquals(1, handlers.size());
    }

    @Test
    void unloadingTakesEveryHandlerOffAndInstallsNoneAfter() {
        final MultiUserChatService conference = service("conference");
        final MultiUserChatService late = service("late");
        handlers.ensure(conference);
        handlers.removeAll();
        verify(conference).removeIQHandler(any(MucAdminHandler.class));
        handlers.ensure(late); // a stanza that was passing the interceptor while the plugin unloaded
        verify(late, never()).addIQHandler(any());
        assertEquals(0, handlers.size());
    }
}
