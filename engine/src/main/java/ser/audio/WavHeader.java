package ser.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The byte length a RIFF/WAVE file's header promises. FFmpeg's WAV demuxer silently trusts the
 * file over a header that overruns it, so a recording cut off mid-write would otherwise decode as
 * a short, healthy clip.
 */
final class WavHeader {
    private static final int SCAN_BYTES = 1 << 16;
    private static final long STREAMING_SIZE = 0xFFFFFFFFL; // "unknown length" written by live recorders

    private WavHeader() {
    }

    /**
     * End offset of the {@code data} chunk as declared, if the file is RIFF/WAVE with a definite length; when no
     * {@code data} chunk starts within the bytes scanned (a file cut inside a padding or metadata chunk before it),
     * the end the RIFF chunk declares.
     */
    static OptionalLong declaredEnd(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return declaredEnd(in.readNBytes(SCAN_BYTES));
        }
    }

    /** The same from the first bytes of a file (all of it, or at least 64 kB). */
    static OptionalLong declaredEnd(byte[] head) {
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (head.length < 12 || !tag(head, 0, "RIFF") || !tag(head, 8, "WAVE")) {
            return OptionalLong.empty();
        }
        long offset = 12; // a chunk may declare up to 4 GiB: offsets past the bytes at hand end the scan, never wrap
        while (offset + 8 <= head.length) {
            int at = (int) offset;
            long size = Integer.toUnsignedLong(b.getInt(at + 4));
            if (tag(head, at, "data")) {
                return size == 0 || size == STREAMING_SIZE ? OptionalLong.empty() : OptionalLong.of(offset + 8 + size);
            }
            offset += 8 + size + (size & 1);
        }
        long riffSize = Integer.toUnsignedLong(b.getInt(4));
        return riffSize == 0 || riffSize == STREAMING_SIZE ? OptionalLong.empty() : OptionalLong.of(8 + riffSize);
    }

    private static boolean tag(byte[] head, int at, String tag) {
        for (int i = 0; i < 4; i++) {
            if (head[at + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
