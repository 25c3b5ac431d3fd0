package org.mucregistration.openfire;

import org.jivesoftware.util.SystemProperty;

/** The plugin's settings, on Openfire's Server Properties page (removed with the plugin's other properties). */
public final class Settings {

    /** Lock-down for every room of every MUC service (off: each room's own option decides). See {@link LockDown}. */
    public static final SystemProperty<Boolean> LOCK_DOWN_EVERY_ROOM = SystemProperty.Builder.ofType(Boolean.class)
        .setKey("plugin.mucregistration.lockDownEveryRoom")
        .setDefaultValue(false)
        .setDynamic(true)
        .setPlugin(MucRegistrationPlugin.NAME)
        .build();

    /**
     * The most items one {@code muc#admin} request may hold (0: no limit). Each item costs database work under the
     * room's lock; a request with more is refused whole with {@code not-acceptable}.
     */
    public static final SystemProperty<Integer> MAX_ITEMS_PER_REQUEST = SystemProperty.Builder.ofType(Integer.class)
        .setKey("plugin.mucregistration.maxItemsPerRequest")
        .setDefaultValue(100)
        .setMinValue(0)
        .setDynamic(true)
        .setPlugin(MucRegistrationPlugin.NAME)
        .build();

    private Settings() {
    }
}
