package ser.cli;

/** Process exit codes shared by every command. */
final class ExitCodes {
    /** The run completed; per-file failures, if any, are rows in the output. */
    static final int OK = 0;
    /** An unexpected failure of the run itself. */
    static final int FAILED = 1;
    /** Bad options or arguments. */
    static final int USAGE = 2;
    /** The one input the command needs cannot be used (for example an undecodable file). */
    static final int BAD_INPUT = 3;
    /** Output cannot be written, or another process is writing it. */
    static final int CANNOT_WRITE = 4;
    /** The run completed but no input could be scored: every row is an error (the summary says why). */
    static final int NOTHING_SCORED = 5;

    private ExitCodes() {
    }
}
