package ser.audio;

import java.io.IOException;

/** A file that could not be turned into audio; the message names the file and the reason. */
public final class AudioDecodeException extends IOException {
    /** What kind of input failed, for callers that act on it rather than print it. */
    public enum Problem {
        /** No such file, or not a regular file. */
        NOT_FOUND,
        /** The bytes could not be read. */
        UNREADABLE,
        /** Empty, truncated, implausible or undecodable: not audio FFmpeg can use. */
        NOT_AUDIO,
        /** Decoded, but silent or shorter than one analysis frame. */
        NO_SPEECH
    }

    private final String source;
    private final String reason;
    private final Problem problem;

    public AudioDecodeException(String source, String reason) {
        this(source, reason, Problem.NOT_AUDIO);
    }

    public AudioDecodeException(String source, String reason, Problem problem) {
        super(source + ": " + reason);
        this.source = source;
        this.reason = reason;
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public String source() {
        return source;
    }

    /** The reason alone, without the file name: what an output row's {@code error} field holds. */
    public String reason() {
        return reason;
    }
}
