// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire.muc;

public enum Role {
    moderator(0), participant(1), visitor(2), none(3);

    private final int value;

    Role(int value) { this.value = value; }

    public int getValue() { return value; }
}
