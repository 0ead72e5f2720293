package ser.kernels;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a contract suite puts an op's buffers: host arrays for the CPU twin, device memory from cuMemAlloc
 * for the CUDA kernel. Outputs start as NaN, so a value the op does not write shows.
 */
abstract class Memory implements AutoCloseable {
    abstract Floats in(float[] values);

    abstract Floats out(long length);

    abstract float[] read(Floats floats);

    @Override
    public void close() {
    }

    static Memory host() {
        return new Memory() {
            @Override
            Floats in(float[] values) {
                return Floats.host(values.clone());
            }

            @Override
            Floats out(long length) {
                float[] values = new float[Math.toIntExact(length)];
                java.util.Arrays.fill(values, Float.NaN);
                return Floats.host(values);
            }

            @Override
            float[] read(Floats floats) {
                return ((Floats.Host) floats).values().clone();
            }
        };
    }

    static Memory device(int device) {
        return new Memory() {
            private final Map<Floats, DeviceBuffer> buffers = new IdentityHashMap<>();
            private final List<DeviceBuffer> owned = new ArrayList<>();

            private Floats track(DeviceBuffer buffer, long length) {
                owned.add(buffer);
                Floats floats = Floats.device(device, buffer.address(), length, null);
                buffers.put(floats, buffer);
                return floats;
            }

            @Override
            Floats in(float[] values) {
                return track(DeviceBuffer.of(device, values), values.length);
            }

            @Override
            Floats out(long length) {
                DeviceBuffer buffer = DeviceBuffer.allocate(device, 4 * length);
                buffer.fill(Float.NaN);
                return track(buffer, length);
            }

            @Override
            float[] read(Floats floats) {
                float[] all = buffers.get(floats).toFloats();
                return all.length == floats.length() ? all : java.util.Arrays.copyOf(all, (int) floats.length());
            }

            @Override
            public void close() {
                owned.forEach(DeviceBuffer::close);
            }
        };
    }
}
