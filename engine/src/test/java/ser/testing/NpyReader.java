package ser.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the little-endian float32 C-order .npy files the golden fixtures and our writer produce. */
public record NpyReader(int[] shape, float[] data) {
    private static final Pattern SHAPE = Pattern.compile("'shape': \\(([0-9, ]*)\\)");

    public static NpyReader read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.get(0) != (byte) 0x93 || b.get(1) != 'N' || b.get(6) != 1) {
            throw new IOException(file + ": not a version 1 .npy file");
        }
        int headerLength = Short.toUnsignedInt(b.getShort(8));
        String header = new String(b.array(), 10, headerLength, StandardCharsets.US_ASCII);
        if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False")) {
            throw new IOException(file + ": expected C-order little-endian float32, got " + header);
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": no shape in " + header);
        }
        int[] shape = Arrays.stream(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        float[] data = new float[Arrays.stream(shape).reduce(1, (x, y) -> x * y)];
        b.position(10 + headerLength);
        b.asFloatBuffer().get(data);
        return new NpyReader(shape, data);
    }
}
