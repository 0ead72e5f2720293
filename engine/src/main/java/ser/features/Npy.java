package ser.features;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import ser.io.AtomicFiles;

/** Writes NumPy {@code .npy} (format 1.0, little-endian float32) so features open with {@code numpy.load}. */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private Npy() {
    }

    /** Writes {@code m} as a {@code (frames, bins)} array, atomically: a crash leaves no partial file. */
    public static void write(FeatureMatrix m, Path out) throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + m.frames() + ", " + m.bins() + "), }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer body = ByteBuffer.allocate(m.data().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        body.asFloatBuffer().put(m.data());
        AtomicFiles.write(out, os -> {
            os.write(MAGIC);
            os.write(header.length() & 0xff);
            os.write(header.length() >>> 8);
            os.write(header.getBytes(StandardCharsets.US_ASCII));
            os.write(body.array());
        });
    }
}
