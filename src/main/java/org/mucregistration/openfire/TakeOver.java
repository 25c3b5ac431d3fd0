package org.mucregistration.openfire;

import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.jivesoftware.util.SystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Takes over, once, the member nicknames Openfire reserved before the plugin was installed (or while it was not):
 * each room of each MUC service in turn, under the room's lock ({@link Reservations#takeOver}), in the background so
 * that the plugin's start does not wait for it. A flag in Openfire's properties records a completed pass; Openfire
 * keeps it when the plugin is deleted (only the property's definition goes), so a reinstall does not make the pass
 * again. Later changes Openfire makes itself (while the plugin runs or while it was away) are taken over room by room
 * when the plugin next changes the room.
 */
public final class TakeOver implements Runnable {
    /** Whether a complete pass over every room has been made. */
    public static final SystemProperty<Boolean> DONE = SystemProperty.Builder.ofType(Boolean.class)
        .setKey("plugin.mucregistration.takeOverDone")
        .setDefaultValue(false)
        .setDynamic(true)
        .setPlugin(MucRegistrationPlugin.NAME)
        .build();

    private static final Logger Log = LoggerFactory.getLogger(TakeOver.class);

    private final Supplier<List<MultiUserChatService>> services;
    private final Reservations reservations;
    private volatile boolean stopped;

    public TakeOver(Supplier<List<MultiUserChatService>> services, Reservations reservations) {
        this.services = services;
        this.reservations = reservations;
    }

    /** Stops the pass between two rooms (the plugin is being unloaded); the flag is then left unset. */
    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        if (DONE.getValue()) {
            return;
        }
        int rooms = 0;
        int written = 0;
        try {
            for (MultiUserChatService service : services.get()) {
                for (String name : new ArrayList<>(service.getAllRoomNames())) {
                    if (stopped) {
                        return;
                    }
                    written += Rooms.read(service, name, room -> room == null ? 0 : reservations.takeOver(room));
                    rooms++;
                }
            }
            DONE.setValue(true);
            Log.info("Took over {} member nickname(s) Openfire had reserved, in {} room(s)", written, rooms);
        } catch (RuntimeException e) {
            Log.warn("Could not take over the member nicknames Openfire reserved (after {} room(s)); the plugin's next "
                + "start tries again, and each room is taken over when the plugin next changes it", rooms, e);
        }
    }
}
