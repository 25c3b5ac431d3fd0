package org.mucregistration.bench;

/** The two servers compared: the same Openfire distribution, without and with the plugin jar. */
enum Arm {
    WITHOUT("without plugin"),
    WITH("with plugin");

    final String title;

    Arm(String title) {
        this.title = title;
    }

    /** Pair 1 runs without-with, pair 2 with-without, and so on. */
    static Arm[] order(int pair) {
        return pair % 2 == 1 ? new Arm[] {WITHOUT, WITH} : new Arm[] {WITH, WITHOUT};
    }
}
