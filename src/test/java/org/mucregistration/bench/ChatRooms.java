package org.mucregistration.bench;

import java.util.List;

/** The groupchat rooms and who sits in each: occupant {@code i} of {@code clients} is in room {@code i / perRoom}. */
record ChatRooms(List<String> rooms, List<BenchClient> clients, int perRoom) {

    String roomOf(int occupant) {
        return rooms.get(occupant / perRoom);
    }

    static String nickOf(BenchClient client) {
        return "o" + client.index;
    }

    /** A message body: the tag, then the fields, padded with 'x' to {@code bytes} (never cut). */
    static String body(String tag, long first, long second, int bytes) {
        final StringBuilder body = new StringBuilder(Math.max(bytes, 40)).append(tag).append(' ').append(first)
            .append(' ').append(second).append(' ');
        while (body.length() < bytes) {
            body.append('x');
        }
        return body.toString();
    }

    /** The two numbers of a body made by {@link #body} with this tag, or null if it is not one. */
    static long[] fields(String body, String tag) {
        if (body == null || !body.startsWith(tag) || body.length() <= tag.length() || body.charAt(tag.length()) != ' ') {
            return null;
        }
        final int a = tag.length() + 1;
        final int b = body.indexOf(' ', a);
        final int c = b < 0 ? -1 : body.indexOf(' ', b + 1);
        if (c < 0) {
            return null;
        }
        try {
            return new long[] {Long.parseLong(body, a, b, 10), Long.parseLong(body, b + 1, c, 10)};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
