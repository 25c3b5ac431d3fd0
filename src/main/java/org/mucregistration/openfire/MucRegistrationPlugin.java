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

    private MucPacketInterceptor interceptor;
    private ReservationCleanup cleanup;
    private RoomChanges changes;
    private TakeOver takeOver;
    private ExecutorService background;
    private AdminHandlers adminHandlers;

    /** The running plugin, for the admin console pages; null when not loaded. */
    public static MucRegistrationPlugin instance() {
        return instance;
    }

    @Override
    public void initializePlugin(PluginManager manager, File pluginDirectory) {
        final XMPPServer server = XMPPServer.getInstance();
        final MultiUserChatManager mucManager = server.getMultiUserChatManager();
        final ReservationStore store = new CachingReservationStore(new JdbcReservationStore(
            DbConnectionManager::getConnection, DbConnectionManager.getDatabaseType().name()),
            ReservationCaches.create(ReservationCaches.BY_NICKNAME), ReservationCaches.create(ReservationCaches.BY_USER));
        final Reservations reservations = new Reservations(store, OpenfireMemberNicknames.create());
        changes = new RoomChanges(reservations, Settings.LOCK_DOWN_EVERY_ROOM::getValue);
        final AdminHandlers handlers = new AdminHandlers(service -> new MucAdminHandler(service, changes,
            Settings.MAX_ITEMS_PER_REQUEST::getValue));
        adminHandlers = handlers;
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
        final RegistrationHandler registration = new RegistrationHandler(changes,
            RegistrationHandler.UNAFFILIATED_MAY_REGISTER::getValue);

        interceptor = new MucPacketInterceptor(services, registration, changes, server.getPacketRouter(),
            Settings.LOCK_DOWN_EVERY_ROOM::getValue);
        InterceptorManager.getInstance().addInterceptor(interceptor);
        cleanup = new ReservationCleanup(store, room -> {
            final MultiUserChatService service = services.serviceOf(room);
            return service == null ? null : service.getServiceName();
        });
        MUCEventDispatcher.addListener(cleanup);
        takeOver = new TakeOver(mucManager::getMultiUserChatServices, reservations);
        background = Executors.newSingleThreadExecutor(r -> {
            final Thread thread = new Thread(r, "mucregistration-takeover");
            thread.setDaemon(true);
            return thread;
        });
        background.execute(takeOver);
        instance = this;
        Log.info("MUC registration active on {} MUC service(s)", adminHandlers.size());
    }

    @Override
    public void destroyPlugin() {
        instance = null;
        if (takeOver != null) {
            takeOver.stop();
        }
        if (background != null) {
            background.shutdownNow();
            try {
                if (!background.awaitTermination(10, TimeUnit.SECONDS)) {
                    Log.warn("The take-over of Openfire's member nicknames did not stop within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (interceptor != null) {
            InterceptorManager.getInstance().removeInterceptor(interceptor);
        }
        if (cleanup != null) {
            MUCEventDispatcher.removeListener(cleanup);
        }
        if (adminHandlers != null) {
            adminHandlers.removeAll();
        }
        ReservationCaches.destroy();
    }

    /** The shared decision path for the admin console. */
    public RoomChanges changes() {
        return changes;
    }
}
