package ser.api;

/** Why an input gave no recognition; the message of {@link Result.Failed} says more. */
public enum ErrorCode {
    /** No such file, or not a regular file. */
    NOT_FOUND,
    /** The bytes could not be read. */
    UNREADABLE,
    /** Empty, truncated, implausible or undecodable: not audio FFmpeg can use. */
    NOT_AUDIO,
    /** Audio without speech: silent, or shorter than one 25 ms analysis frame. */
    NO_SPEECH,
    /** An argument out of range: a sample rate, an input too large to hold. */
    INVALID_INPUT,
    /** A failure of ser itself; please report it with the message. */
    INTERNAL
}
