package ser.audio;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swresample.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes any audio FFmpeg knows to mono float samples at 16 kHz, streaming: memory is bounded by
 * one decoded frame, whatever the file's length. The container is recognised from its content,
 * never from the file name.
 */
public final class AudioDecoder {
    public static final int SAMPLE_RATE = 16_000;
    private static final long WAV_PROBE_BYTES = 16_384;
    /** Below 4 kHz there is no speech band to speak of; above 768 kHz no converter records. */
    public static final int MIN_SAMPLE_RATE = 4_000;
    public static final int MAX_SAMPLE_RATE = 768_000;
    static final int MAX_CHANNELS = 64;
    /** 800 bit/s, under the lowest speech codecs' rates: a header declaring more audio than that per byte is lying. */
    static final int MIN_BYTES_PER_SECOND = 100;

    static {
        av_log_set_level(AV_LOG_QUIET); // failures become our own one-line errors, not FFmpeg's log spam
    }

    private AudioDecoder() {
    }

    /** Decodes a whole file into memory; for long recordings prefer {@link #stream}. */
    public static DecodedAudio decode(Path file) throws AudioDecodeException {
        var collector = new Collector();
        SourceFormat format = stream(file, collector);
        return new DecodedAudio(collector.samples(), format);
    }

    /** Decodes bytes held in memory (an archive member); {@code name} labels errors and hints at the format. */
    public static DecodedAudio decode(String name, byte[] data) throws AudioDecodeException {
        var collector = new Collector();
        SourceFormat format = stream(name, data, collector);
        return new DecodedAudio(collector.samples(), format);
    }

    /** Streams the decoded samples of bytes held in memory into {@code sink}. */
    public static SourceFormat stream(String name, byte[] data, SampleSink sink) throws AudioDecodeException {
        if (data.length == 0) {
            throw new AudioDecodeException(name, "empty file (0 bytes)");
        }
        refuseOverrun(name, data.length, WavHeader.declaredEnd(data));
        try (var input = new MemoryInput(data); var session = new Session(name, data.length)) {
            session.openCustom(input);
            long decoded = session.decodeAll(sink);
            return session.finish(decoded);
        }
    }

    /** Streams the decoded 16 kHz mono samples of {@code file} into {@code sink}. */
    public static SourceFormat stream(Path file, SampleSink sink) throws AudioDecodeException {
        String name = file.toString();
        long size = checkReadable(file, name);
        return open(name, file.toAbsolutePath().toString(), size, sink);
    }

    /**
     * Streams anything FFmpeg opens by name that is not a regular file: {@code pipe:0} (any container on
     * standard input), a named pipe, or a network URL. Live sources end when their input does.
     */
    public static SourceFormat streamUrl(String url, SampleSink sink) throws AudioDecodeException {
        return open(url, url, 0, sink);
    }

    /** Opens {@code url} with FFmpeg's own I/O and streams it; {@code name} labels errors. */
    private static SourceFormat open(String name, String url, long bytes, SampleSink sink) throws AudioDecodeException {
        try (var session = new Session(name, bytes)) {
            session.open(url);
            long decoded = session.decodeAll(sink);
            return session.finish(decoded);
        }
    }

    /** The file's size, once it is known to be a non-empty regular file that its WAV header (if any) does not overrun. */
    private static long checkReadable(Path file, String name) throws AudioDecodeException {
        if (!Files.exists(file)) {
            throw new AudioDecodeException(name, "no such file", AudioDecodeException.Problem.NOT_FOUND);
        }
        if (!Files.isRegularFile(file)) {
            throw new AudioDecodeException(name, "not a regular file", AudioDecodeException.Problem.NOT_FOUND);
        }
        long size;
        OptionalLong wavEnd;
        try {
            size = Files.size(file);
            wavEnd = size == 0 ? OptionalLong.empty() : WavHeader.declaredEnd(file);
        } catch (IOException e) {
            throw new AudioDecodeException(name, "cannot read: " + e.getMessage(), AudioDecodeException.Problem.UNREADABLE);
        }
        if (size == 0) {
            throw new AudioDecodeException(name, "empty file (0 bytes)");
        }
        refuseOverrun(name, size, wavEnd);
        return size;
    }

    /** A file of {@code size} bytes whose WAV header declares more was cut off mid-write. */
    private static void refuseOverrun(String name, long size, OptionalLong declaredEnd) throws AudioDecodeException {
        if (declaredEnd.isPresent() && declaredEnd.getAsLong() > size + 1) { // +1: a missing pad byte is harmless
            throw new AudioDecodeException(name, "truncated: the file has " + size
                    + " bytes but its WAV header declares " + declaredEnd.getAsLong());
        }
    }

    static String ffmpegError(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int end = 0;
        while (end < buf.length && buf[end] != 0) {
            end++;
        }
        return new String(buf, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** One open file: every native object it allocates is released by {@link #close}. */
    private static final class Session implements AutoCloseable {
        private final String name;
        private AVFormatContext format;
        private AVCodecContext codec;
        private SwrContext resampler;
        private AVPacket packet;
        private AVFrame frame;
        private FloatPointer out = new FloatPointer(0L);
        private final PointerPointer<FloatPointer> outPlanes = new PointerPointer<>(1L);
        private float[] chunk = new float[0];
        private int streamIndex;
        private int corruptPackets;
        private int swrFormat = -1;
        private int swrRate = -1;
        private int swrChannels = -1;
        private long delivered;
        private final long bytes;

        /** @param bytes the input's size, to check the header's declared length against; 0 where unknown (a URL) */
        Session(String name, long bytes) {
            this.name = name;
            this.bytes = bytes;
        }

        void open(String path) throws AudioDecodeException {
            format = new AVFormatContext(null);
            openAndProbe(path);
        }

        /** Reads through {@code input}'s AVIOContext; the file name only hints at the format. */
        void openCustom(MemoryInput input) throws AudioDecodeException {
            format = avformat_alloc_context();
            format.pb(input.context());
            format.flags(format.flags() | AVFormatContext.AVFMT_FLAG_CUSTOM_IO);
            openAndProbe(name);
        }

        private void openAndProbe(String path) throws AudioDecodeException {
            int rc = avformat_open_input(format, path, null, null);
            if (rc < 0) {
                format = null;
                throw fail(rc == AVERROR_INVALIDDATA
                        ? "not a recognised audio or media format"
                        : "cannot open: " + ffmpegError(rc));
            }
            if (format.iformat().name().getString().equals("wav")) {
                // FFmpeg searches 16-bit PCM in WAV for DTS or AC-3 in disguise over up to 5 MB of its data: that was
                // 12 of the 13 ms it took to open a 3.5 s clip at 48 kHz. 16 KB still spans several DTS frames.
                format.probesize(WAV_PROBE_BYTES);
            }
            rc = avformat_find_stream_info(format, (PointerPointer<?>) null);
            if (rc < 0) {
                throw fail("cannot read stream information: " + ffmpegError(rc));
            }
            streamIndex = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (PointerPointer<?>) null, 0);
            if (streamIndex < 0) {
                throw fail("no audio stream (container " + format.iformat().name().getString() + ")");
            }
            AVCodecParameters params = format.streams(streamIndex).codecpar();
            AVCodec decoder = avcodec_find_decoder(params.codec_id());
            if (decoder == null) {
                throw fail("no decoder for codec " + avcodec_get_name(params.codec_id()).getString());
            }
            checkHeader(params, declaredDuration(format.streams(streamIndex)));
            codec = avcodec_alloc_context3(decoder);
            check(avcodec_parameters_to_context(codec, params), "cannot configure decoder");
            check(avcodec_open2(codec, decoder, (PointerPointer<?>) null), "cannot open decoder");
            packet = av_packet_alloc();
            frame = av_frame_alloc();
        }

        long decodeAll(SampleSink sink) throws AudioDecodeException {
            long total = 0;
            while (true) {
                int rc = av_read_frame(format, packet);
                if (rc == AVERROR_EOF) {
                    break;
                }
                if (rc < 0) {
                    if (total > 0) {
                        break; // a damaged tail: keep what decoded, the duration check reports truncation
                    }
                    throw fail("cannot read: " + ffmpegError(rc));
                }
                try {
                    if (packet.stream_index() == streamIndex) {
                        total += sendAndDrain(packet, sink);
                    }
                } finally {
                    av_packet_unref(packet);
                }
            }
            total += sendAndDrain(null, sink);
            total += flushResampler(sink);
            return total;
        }

        private long sendAndDrain(AVPacket pkt, SampleSink sink) throws AudioDecodeException {
            int rc = avcodec_send_packet(codec, pkt);
            if (rc < 0 && rc != AVERROR_EOF) {
                corruptPackets++; // one bad packet in a stream is skipped, as ffmpeg's CLI does
                return 0;
            }
            long produced = 0;
            while ((rc = avcodec_receive_frame(codec, frame)) >= 0) {
                produced += resample(frame, sink);
                av_frame_unref(frame);
            }
            if (rc != AVERROR_EOF && rc != AVERROR_EAGAIN()) {
                corruptPackets++;
            }
            return produced;
        }

        private int resample(AVFrame in, SampleSink sink) throws AudioDecodeException {
            int channels = in.ch_layout().nb_channels();
            if (in.format() != swrFormat || in.sample_rate() != swrRate || channels != swrChannels) {
                flushResampler(sink);
                initResampler(in);
            }
            int capacity = swr_get_out_samples(resampler, in.nb_samples());
            int n = swr_convert(resampler, ensureOut(capacity), capacity,
                    in.extended_data(), in.nb_samples());
            check(n, "cannot resample");
            deliver(n, sink);
            return n;
        }

        private long flushResampler(SampleSink sink) throws AudioDecodeException {
            if (resampler == null) {
                return 0;
            }
            long total = 0;
            int n;
            do {
                int capacity = Math.max(4096, swr_get_out_samples(resampler, 0));
                n = swr_convert(resampler, ensureOut(capacity), capacity, (PointerPointer<?>) null, 0);
                check(n, "cannot flush resampler");
                deliver(n, sink);
                total += n;
            } while (n > 0);
            return total;
        }

        private void initResampler(AVFrame in) throws AudioDecodeException {
            if (resampler != null) {
                swr_free(resampler);
            }
            try (var mono = zeroed(new AVChannelLayout()); var inLayout = zeroed(new AVChannelLayout())) {
                av_channel_layout_default(mono, 1);
                if (in.ch_layout().order() == AV_CHANNEL_ORDER_UNSPEC) {
                    // WAV files without a channel mask: assume the standard layout for that count
                    av_channel_layout_default(inLayout, in.ch_layout().nb_channels());
                } else {
                    check(av_channel_layout_copy(inLayout, in.ch_layout()), "bad channel layout");
                }
                resampler = new SwrContext(null);
                int rc = swr_alloc_set_opts2(resampler, mono, AV_SAMPLE_FMT_FLT, SAMPLE_RATE,
                        inLayout, in.format(), in.sample_rate(), 0, null);
                av_channel_layout_uninit(inLayout);
                if (rc < 0) {
                    resampler = null;
                    throw fail("cannot set up resampling: " + ffmpegError(rc));
                }
            }
            // resample in float whatever the input: swresample otherwise picks int16 for s16 input, 5x slower here
            check(av_opt_set_int(resampler, "internal_sample_fmt", AV_SAMPLE_FMT_FLTP, 0), "cannot set up resampling");
            check(swr_init(resampler), "cannot set up resampling");
            swrFormat = in.format();
            swrRate = in.sample_rate();
            swrChannels = in.ch_layout().nb_channels();
        }

        /** JavaCPP does not zero a new struct; av_channel_layout_copy would free its garbage pointers. */
        private static AVChannelLayout zeroed(AVChannelLayout layout) {
            Pointer.memset(layout, 0, layout.sizeof());
            return layout;
        }

        /** The one-plane output array swr_convert writes into, grown to hold {@code capacity} samples. */
        private PointerPointer<FloatPointer> ensureOut(int capacity) {
            if (out.capacity() < capacity) {
                out.close();
                out = new FloatPointer(capacity);
                outPlanes.put(0, out);
            }
            return outPlanes;
        }

        /**
         * Refuses a header whose values no real recording has before decoding a sample: a WAV declaring
         * 1 Hz would otherwise turn 124 KB into 17 hours of resampled audio.
         */
        private void checkHeader(AVCodecParameters params, double declaredS) throws AudioDecodeException {
            int rate = params.sample_rate();
            int channels = params.ch_layout().nb_channels();
            if (rate < MIN_SAMPLE_RATE || rate > MAX_SAMPLE_RATE) {
                throw fail(String.format(java.util.Locale.ROOT, "implausible header: sample rate %d Hz (ser reads %d to %d Hz)",
                        rate, MIN_SAMPLE_RATE, MAX_SAMPLE_RATE));
            }
            if (channels < 1 || channels > MAX_CHANNELS) {
                throw fail("implausible header: " + channels + " channels (ser reads 1 to " + MAX_CHANNELS + ")");
            }
            if (bytes > 0 && declaredS > bytes / (double) MIN_BYTES_PER_SECOND) {
                throw fail(String.format(java.util.Locale.ROOT,
                        "implausible header: %.0f s of audio declared in %d bytes (%.0f bytes a second; no codec needs under %d)",
                        declaredS, bytes, bytes / declaredS, MIN_BYTES_PER_SECOND));
            }
        }

        private void deliver(int n, SampleSink sink) throws AudioDecodeException {
            if (n <= 0) {
                return;
            }
            if (chunk.length < n) {
                chunk = new float[n];
            }
            out.get(chunk, 0, n);
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(chunk[i])) {
                    throw fail(String.format(java.util.Locale.ROOT, "non-finite samples at %.2f s",
                            (delivered + i) / (double) SAMPLE_RATE));
                }
            }
            delivered += n;
            sink.accept(chunk, n);
        }

        SourceFormat finish(long decoded) throws AudioDecodeException {
            AVStream stream = format.streams(streamIndex);
            AVCodecParameters params = stream.codecpar();
            double declared = declaredDuration(stream);
            double actual = decoded / (double) SAMPLE_RATE;
            if (decoded == 0) {
                throw fail(corruptPackets > 0 ? "no decodable audio (" + corruptPackets + " corrupt packets)" : "no audio samples");
            }
            if (!Double.isNaN(declared) && actual < 0.95 * declared - 0.05) {
                throw fail(String.format(java.util.Locale.ROOT,
                        "truncated: decoded %.3f s of the %.3f s the header declares", actual, declared));
            }
            return new SourceFormat(format.iformat().name().getString(), avcodec_get_name(params.codec_id()).getString(),
                    params.sample_rate(), params.ch_layout().nb_channels(), declared);
        }

        private double declaredDuration(AVStream stream) {
            if (format.duration_estimation_method() == AVFMT_DURATION_FROM_BITRATE) {
                return Double.NaN; // a guess from the bit rate is no evidence of truncation
            }
            if (stream.duration() != AV_NOPTS_VALUE && stream.duration() > 0) {
                return stream.duration() * av_q2d(stream.time_base());
            }
            if (format.duration() != AV_NOPTS_VALUE && format.duration() > 0) {
                return format.duration() / (double) AV_TIME_BASE;
            }
            return Double.NaN;
        }

        private void check(int rc, String what) throws AudioDecodeException {
            if (rc < 0) {
                throw fail(what + ": " + ffmpegError(rc));
            }
        }

        private AudioDecodeException fail(String reason) {
            return new AudioDecodeException(name, reason);
        }

        @Override
        public void close() {
            if (frame != null) {
                av_frame_free(frame);
            }
            if (packet != null) {
                av_packet_free(packet);
            }
            if (codec != null) {
                avcodec_free_context(codec);
            }
            if (resampler != null) {
                swr_free(resampler);
            }
            if (format != null) {
                avformat_close_input(format);
            }
            outPlanes.close();
            out.close();
        }
    }

    /** Appends chunks into one growing array. */
    private static final class Collector implements SampleSink {
        private float[] data = new float[SAMPLE_RATE * 4];
        private int size;

        @Override
        public void accept(float[] samples, int count) {
            if (size + count > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + count));
            }
            System.arraycopy(samples, 0, data, size, count);
            size += count;
        }

        float[] samples() {
            return Arrays.copyOf(data, size);
        }
    }
}
