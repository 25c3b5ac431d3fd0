package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One {@code muc#admin} handler on every MUC service: those there when the plugin loads, and any created since, found
 * when the first stanza for it is looked up ({@link MucServices}), so a new service gets the whole behaviour without a
 * reload. A service deleted and created again under its name is a new object: it gets a new handler.
 */
public final class AdminHandlers {
    private static final Logger Log = LoggerFactory.getLogger(AdminHandlers.class);

    private record Installed(MultiUserChatService service, MucAdminHandler handler) {
    }

    private final Function<MultiUserChatService, MucAdminHandler> create;
    private final Map<String, Installed> byService = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public AdminHandlers(Function<MultiUserChatService, MucAdminHandler> create) {
        this.create = create;
    }

    /** Installs a handler on the service unless it has one of ours; cheap when it has (every stanza comes here). */
    public void ensure(MultiUserChatService service) {
        final Installed current = byService.get(service.getServiceName());
        if (current != null && current.service() == service) {
            return;
        }
        byService.compute(service.getServiceName(), (name, installed) -> {
            if (closed || installed != null && installed.service() == service) {
                return installed;
            }
            if (installed != null) {
                installed.service().removeIQHandler(installed.handler()); // the service it was on is gone
            }
            final MucAdminHandler handler = create.apply(service);
            service.addIQHandler(handler);
            Log.info("MUC registration: muc#admin nicknames handled on {}", service.getServiceDomain());
            return new Installed(service, handler);
        });
    }

    /** How many services have a handler of ours. */
    public int size() {
        return byService.size();
    }

    /** Takes every handler off its service, and installs none after (the plugin unloads). */
    public void removeAll() {
        closed = true;
        for (String name : byService.keySet()) {
            byService.computeIfPresent(name, (n, installed) -> {
                installed.service().removeIQHandler(installed.handler());
                return null;
            });
        }
    }
}
