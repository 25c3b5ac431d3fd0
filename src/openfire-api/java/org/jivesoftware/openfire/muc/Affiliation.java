// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire.muc;

public enum Affiliation {
    owner(10), admin(20), member(30), outcast(40), none(50);

    private final int value;

    Affiliation(int value) { this.value = value; }

    public int getValue() { return value; }
}
