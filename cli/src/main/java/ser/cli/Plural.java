package ser.cli;

/** Counts as people write them: "1 file", "0 files", "2 files". */
final class Plural {
    private Plural() {
    }

    static String of(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
