package ser.audio;

import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Bytes in memory as an FFmpeg input (a custom, seekable AVIOContext), for archive members that
 * are read as streams and never written to disk. The two callbacks are shared by every input and
 * find their bytes through the opaque pointer, so nothing is allocated per read.
 */
final class MemoryInput implements AutoCloseable {
    private static final int BUFFER = 1 << 16;
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;
    private static final Map<Long, MemoryInput> OPEN = new ConcurrentHashMap<>();
    private static final ReadCallback READ = new ReadCallback();
    private static final SeekCallback SEEK = new SeekCallback();

    private final byte[] data;
    private final BytePointer key = new BytePointer(1L);
    private final AVIOContext context;
    private long position;

    MemoryInput(byte[] data) {
        this.data = data;
        OPEN.put(key.address(), this);
        context = avio_alloc_context(new BytePointer(av_malloc(BUFFER)), BUFFER, 0, key, READ, null, SEEK);
    }

    AVIOContext context() {
        return context;
    }

    @Override
    public void close() {
        OPEN.remove(key.address());
        if (context != null && !context.isNull()) {
            av_free(context.buffer()); // FFmpeg may have replaced the buffer we gave it; free the current one
            avio_context_free(context);
        }
        key.close();
    }

    private static final class ReadCallback extends Read_packet_Pointer_BytePointer_int {
        @Override
        public int call(Pointer opaque, BytePointer buffer, int size) {
            MemoryInput in = OPEN.get(opaque.address());
            int n = in == null ? 0 : (int) Math.min(size, in.data.length - in.position);
            if (n <= 0) {
                return AVERROR_EOF;
            }
            buffer.capacity(size).put(in.data, (int) in.position, n);
            in.position += n;
            return n;
        }
    }

    private static final class SeekCallback extends Seek_Pointer_long_int {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            MemoryInput in = OPEN.get(opaque.address());
            if (in == null) {
                return -1;
            }
            if ((whence & AVSEEK_SIZE) != 0) {
                return in.data.length;
            }
            long target = switch (whence & 0xFF) {
                case SEEK_SET -> offset;
                case SEEK_CUR -> in.position + offset;
                case SEEK_END -> in.data.length + offset;
                default -> -1;
            };
            if (target < 0 || target > in.data.length) {
                return -1;
            }
            in.position = target;
            return target;
        }
    }
}
