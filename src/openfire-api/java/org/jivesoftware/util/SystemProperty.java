// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.util;

public final class SystemProperty<T> {
    private SystemProperty() { }
    public T getValue() { throw new UnsupportedOperationException(); }
    public void setValue(T value) { throw new UnsupportedOperationException(); }
    public String getKey() { throw new UnsupportedOperationException(); }
    public T getDefaultValue() { throw new UnsupportedOperationException(); }

    public static final class Builder<T> {
        private Builder() { }
        public static <T> Builder<T> ofType(Class<T> type) { throw new UnsupportedOperationException(); }
        public Builder<T> setKey(String key) { throw new UnsupportedOperationException(); }
        public Builder<T> setDefaultValue(T value) { throw new UnsupportedOperationException(); }
        public Builder<T> setDynamic(boolean dynamic) { throw new UnsupportedOperationException(); }
        public Builder<T> setMinValue(T value) { throw new UnsupportedOperationException(); }
        public Builder<T> setPlugin(String plugin) { throw new UnsupportedOperationException(); }
        public SystemProperty<T> build() throws IllegalArgumentException { throw new UnsupportedOperationException(); }
    }
}
