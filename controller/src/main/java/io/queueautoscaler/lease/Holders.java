package io.queueautoscaler.lease;

import io.queueautoscaler.lease.LeaseRefusedException.Refusal;

/**
 * Who holds a lease on an instance: a task, a message, a thread. Names are 1 to 128 printable
 * ASCII characters (space to tilde), so they fit the store's column and read back in logs and
 * query strings unchanged; an instance has at most {@link #MAX_PER_INSTANCE} live holders, which
 * bounds what one misbehaving worker can make the daemon store and send back.
 */
public final class Holders {
    public static final int MAX_NAME_LENGTH = 128;
    public static final int MAX_PER_INSTANCE = 1000;

    private Holders() {
    }

    /** The holder of a request that names none: today's single-lease callers keep working. */
    public static String defaultFor(String instanceId) {
        return instanceId;
    }

    /** @throws LeaseRefusedException INVALID, naming the problem, when the name is not a valid holder */
    public static String check(String holder) {
        if (holder == null || holder.isEmpty() || holder.length() > MAX_NAME_LENGTH) {
            throw new LeaseRefusedException(Refusal.INVALID, "a holder is 1 to " + MAX_NAME_LENGTH
                    + " printable ASCII characters, was " + (holder == null ? "missing" : holder.length() + " characters long"));
        }
        for (int i = 0; i < holder.length(); i++) {
            char c = holder.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new LeaseRefusedException(Refusal.INVALID, "holder '" + printable(holder) + "' has a character "
                        + String.format("U+%04X", (int) c) + " at position " + i
                        + ": a holder is 1 to " + MAX_NAME_LENGTH + " printable ASCII characters (space to ~)");
            }
        }
        return holder;
    }

    private static String printable(String holder) {
        StringBuilder out = new StringBuilder();
        holder.codePoints().limit(40).forEach(c -> out.append(c >= 0x20 && c <= 0x7e ? String.valueOf((char) c) : "?"));
        return out.toString();
    }
}
