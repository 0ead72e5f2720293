package ser.audio;

import java.io.IOException;

/** A file that could not be turned into audio; the message names the file and the reason. */
public final class AudioDecodeException extends IOException {
    private final String source;
    private final String reason;

    public AudioDecodeException(String source, String reason) {
        super(source + ": " + reason);
        this.source = source;
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    /** The reason alone, without the file name: what an output row's {@code error} field holds. */
    public String reason() {
        return reason;
    }
}
