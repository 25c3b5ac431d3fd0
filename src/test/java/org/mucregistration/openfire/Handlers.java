package org.mucregistration.openfire;

import org.jivesoftware.openfire.IQHandlerInfo;
import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.jivesoftware.util.SystemProperty;
import org.mockito.MockedConstruction;
import org.mockito.MockedStatic;

import java.util.function.BooleanSupplier;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockConstruction;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.when;

/**
 * Builds the handlers whose construction touches Openfire's API surface (whose bodies only throw outside a server):
 * {@link RegistrationHandler}'s static {@code SystemProperty} and {@link MucAdminHandler}'s {@code IQHandlerInfo}; and
 * loads the other classes with static {@code SystemProperty} fields ({@link Settings}, {@link TakeOver}) the same way.
 */
final class Handlers {
    private static boolean propertyHoldersLoaded;

    private Handlers() {
    }

    static RegistrationHandler registration(RoomChanges changes, BooleanSupplier unaffiliatedMayRegister) {
        loadPropertyHolders();
        return new RegistrationHandler(changes, unaffiliatedMayRegister);
    }

    @SuppressWarnings("try") // the construction mock only has to be open while the handler is built
    static MucAdminHandler admin(MultiUserChatService service, RoomChanges changes) {
        return admin(service, changes, 100);
    }

    @SuppressWarnings("try")
    static MucAdminHandler admin(MultiUserChatService service, RoomChanges changes, int maxItems) {
        try (MockedConstruction<IQHandlerInfo> ignored = mockConstruction(IQHandlerInfo.class, (info, context) -> {
            when(info.getName()).thenReturn((String) context.arguments().get(0));
            when(info.getNamespace()).thenReturn((String) context.arguments().get(1));
        })) {
            return new MucAdminHandler(service, changes, () -> maxItems);
        }
    }

    /**
     * Initialises RegistrationHandler, Settings and TakeOver while SystemProperty.Builder is mocked (once per JVM): each
     * property's value is {@code false}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static synchronized void loadPropertyHolders() {
        if (propertyHoldersLoaded) {
            return;
        }
        try (MockedStatic<SystemProperty.Builder> builders = mockStatic(SystemProperty.Builder.class)) {
            final SystemProperty.Builder builder = mock(SystemProperty.Builder.class, RETURNS_SELF);
            final SystemProperty property = mock(SystemProperty.class);
            when(property.getValue()).thenReturn(false);
            when(builder.build()).thenReturn(property);
            builders.when(() -> SystemProperty.Builder.ofType(any())).thenReturn(builder);
            for (String holder : new String[] {RegistrationHandler.class.getName(), Settings.class.getName(),
                TakeOver.class.getName()}) {
                Class.forName(holder, true, Handlers.class.getClassLoader());
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        propertyHoldersLoaded = true;
    }
}
