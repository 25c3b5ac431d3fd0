package org.mucregistration.openfire;

import org.jivesoftware.database.DbConnectionManager;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;
import org.jivesoftware.openfire.interceptor.InterceptorManager;
import org.jivesoftware.openfire.muc.MUCEventDispatcher;
import org.jivesoftware.openfire.muc.MultiUserChatManager;
import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.mucregistration.storage.CachingReservationStore;
import org.mucregistration.storage.JdbcReservationStore;
import org.mucregistration.storage.ReservationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The plugin's entry point: wires the registration rules into every MUC service of the server. Reservations live in
 * the plugin's database table, which every cluster node sees; rooms are only changed under their cluster lock.
 */
public final class MucRegistrationPlugin implements Plugin {
    /** The plugin's name in plugin.xml; Openfire keys the plugin's system properties by it. */
    public static final String NAME = "MUC Registration";

    private static final Logger Log = LoggerFactory.getLogger(MucRegistrationPlugin.class);

    private static volatile MucRegistrationPlugin instance;

    /**
     * What {@link #initializePlugin} has set up in Openfire so far, each as the step that undoes it, newest first:
     * {@link #destroyPlugin} runs them, and so does {@link #initializePlugin} itself when one of its steps fails.
     */
    private final Deque<Runnable> undo = new ArrayDeque<>();
    private RoomChanges changes;

    /** The running plugin, for the admin console pages; null when not loaded. */
    public static MucRegistrationPlugin instance() {
        return instance;
    }

    /**
     * Wires the plugin in. If a step fails (an Openfire without the member map, a service that refuses a handler, no
     * thread to be had), everything done before it is undone and the failure is thrown on: Openfire then reports the plugin as failed to load, and the server behaves as without
     * it, rather than with half of it (an interceptor answering registrations with no {@code muc#admin} handler, or
     * the other way round).
     */
    @Override
    public void initializePlugin(PluginManager manager, File pluginDirectory) {
        try {
            start();
        } catch (RuntimeException | Error e) {
            Log.warn("MUC registration could not start ({}); what it had set up is undone", e.toString());
            undoAll(e);
            throw e;
        }
    }

    private void start() {
        final XMPPServer server = XMPPServer.getInstance();
        final MultiUserChatManager mucManager = server.getMultiUserChatManager();
        undo.push(ReservationCaches::destroy);
        final ReservationStore store = new CachingReservationStore(new JdbcReservationStore(
            DbConnectionManager::getConnection, DbConnectionManager.getDatabaseType().name()),
            ReservationCaches.create(ReservationCaches.BY_NICKNAME), ReservationCaches.create(ReservationCaches.BY_USER),
            ReservationCaches.create(ReservationCaches.BY_ROOM));
        final Reservations reservations = new Reservations(store, OpenfireMemberNicknames.create());
        final RoomChanges roomChanges = new RoomChanges(reservations, Settings.LOCK_DOWN_EVERY_ROOM::getValue);
        final AdminHandlers handlers = new AdminHandlers(service -> new MucAdminHandler(service, roomChanges,
            Settings.MAX_ITEMS_PER_REQUEST::getValue));
        // Each undo step is recorded before its action: an action that fails half-way is undone too (every undo
        // here is harmless on what was never done).
        undo.push(handlers::removeAll);
        for (MultiUserChatService service : mucManager.getMultiUserChatServices()) {
            handlers.ensure(service);
        }
        // A service created while the plugin runs gets its handler when the first stanza for it is looked up here.
        final MucServices services = new MucServices(server.getServerInfo().getXMPPDomain(), subdomain -> {
            final MultiUserChatService service = mucManager.getMultiUserChatService(subdomain);
            if (service != null) {
                handlers.ensure(service);
            }
            return service;
        });
        final RegistrationHandler registration = new RegistrationHandler(roomChanges,
            RegistrationHandler.UNAFFILIATED_MAY_REGISTER::getValue);

        final MucPacketInterceptor interceptor = new MucPacketInterceptor(services, registration, roomChanges,
            server.getPacketRouter(), Settings.LOCK_DOWN_EVERY_ROOM::getValue);
        final InterceptorManager interceptors = InterceptorManager.getInstance();
        undo.push(() -> interceptors.removeInterceptor(interceptor));
        interceptors.addInterceptor(interceptor);

        final ReservationCleanup cleanup = new ReservationCleanup(store, room -> {
            final MultiUserChatService service = services.serviceOf(room);
            return service == null ? null : service.getServiceName();
        });
        undo.push(() -> MUCEventDispatcher.removeListener(cleanup));
        MUCEventDispatcher.addListener(cleanup);

        final TakeOver takeOver = new TakeOver(mucManager::getMultiUserChatServices, reservations);
        final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
            final Thread thread = new Thread(r, "mucregistration-takeover");
            thread.setDaemon(true);
            return thread;
        });
        undo.push(() -> stop(takeOver, background));
        background.execute(takeOver);

        changes = roomChanges;
        instance = this;
        undo.push(() -> {
            if (instance == this) {
                instance = null;
            }
        });
        Log.info("MUC registration active on {} MUC service(s)", handlers.size());
    }

    private static void stop(TakeOver takeOver, ExecutorService background) {
        takeOver.stop();
        background.shutdownNow();
        try {
            if (!background.awaitTermination(10, TimeUnit.SECONDS)) {
                Log.warn("The take-over of Openfire's member nicknames did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes the plugin out of Openfire: every step of {@link #initializePlugin} undone, newest first. */
    @Override
    public void destroyPlugin() {
        undoAll(null);
    }

    /**
     * Runs every undo step, newest first, each even if one before it failed. A failure is added to {@code cause} (a
     * failed start being undone) or logged.
     */
    private void undoAll(Throwable cause) {
        synchronized (undo) {
            while (!undo.isEmpty()) {
                try {
                    undo.pop().run();
                } catch (RuntimeException | Error e) {
                    if (cause != null) {
                        cause.addSuppressed(e);
                    } else {
                        Log.warn("Could not undo a step of the plugin's start while unloading", e);
                    }
                }
            }
        }
    }

    /** The shared decision path for the admin console. */
    public RoomChanges changes() {
        return changes;
    }
}
