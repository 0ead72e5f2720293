package ser.score;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import ser.audio.AudioDecodeException;
import ser.audio.SpeechWindows;
import ser.runtime.LibTorch;

/**
 * Bulk scoring on separate threads. The calling thread walks the inputs (reading archive members
 * in archive order); {@code workers} threads decode, trim, cut and compute log-Mels;
 * {@code inferenceThreads} threads each gather windows from any files into batches of up to
 * {@code batch} and run the network (one feeds a GPU; on a CPU every core runs one);
 * one writer thread hands finished rows to the sink. Every queue is bounded, so memory depends on
 * the configuration, not on the number or length of the files. The network's input has a fixed
 * number of frames, so windows of any length share one shape and a batch needs no length buckets.
 */
public final class ScorePipeline implements AutoCloseable {
    /** Receives each finished row on the writer thread, in completion order. */
    @FunctionalInterface
    public interface RowSink {
        void accept(ScoreRow row) throws IOException;
    }

    /** How long an inference thread waits for more windows before running a partial batch. */
    private static final long LINGER_MS = 5;
    private static final Object END_OF_INPUT = new Object();
    private static final ScoreRow END_OF_ROWS = ScoreRow.failed("", "", "");

    /** Ends the walk over the inputs once the sink has failed. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private record FileDone(FileScore file, SpeechWindows.Cut cut) {
    }

    private final Scorer scorer;
    private final int workers;
    private final int batch;
    private final int inferenceThreads;
    private final BlockingQueue<Object> windows;
    private final BlockingQueue<ScoreRow> rows;
    private final ExecutorService decoders;
    private final ExecutorService stages;

    /**
     * Starts the pipeline's threads; they live until {@link #close}, so runs one after another reuse
     * them (new native threads each run would each claim allocator arenas and thread state).
     */
    public ScorePipeline(Scorer scorer) {
        this.scorer = scorer;
        this.workers = scorer.config().workers();
        this.batch = scorer.config().batch();
        this.inferenceThreads = scorer.config().inferenceThreads();
        this.windows = new ArrayBlockingQueue<>(Math.max(64, 2 * batch));
        this.rows = new ArrayBlockingQueue<>(1024);
        this.decoders = Executors.newFixedThreadPool(workers, named("ser-decode"));
        this.stages = Executors.newFixedThreadPool(inferenceThreads + 1, named("ser-infer-or-write"));
        // one LibTorch and OpenBLAS thread per inference thread: OpenMP pools beside the others only spin
        LibTorch.setThreads(1);
    }

    /**
     * Scores every input and returns when every row has reached the sink. One run at a time.
     *
     * @throws IOException when the sink failed; the run stops taking new inputs at the first failure
     */
    public synchronized void run(Stream<Input> inputs, RowSink sink) throws IOException, InterruptedException {
        AtomicReference<IOException> writeFailure = new AtomicReference<>();
        List<Future<?>> inference = new ArrayList<>();
        for (int i = 0; i < inferenceThreads; i++) {
            inference.add(stages.submit(this::inferenceLoop));
        }
        Future<?> writer = stages.submit(() -> writerLoop(sink, writeFailure));
        int permits = 2 * workers;
        Semaphore inFlight = new Semaphore(permits);
        try {
            // forEach, not an iterator: an iterator over the flattened inputs would list a whole archive
            // ahead, and a member's bytes can only be read while the archive stream is on it
            inputs.forEach(in -> {
                if (writeFailure.get() != null) {
                    throw new Stopped();
                }
                inFlight.acquireUninterruptibly();
                boolean handedOver = false;
                try {
                    Read read = read(in);
                    decoders.execute(() -> {
                        try {
                            prepare(in, read.bytes(), read.error());
                        } finally {
                            inFlight.release();
                        }
                    });
                    handedOver = true;
                } finally {
                    if (!handedOver) {
                        inFlight.release(); // whatever failed here, the permit comes back: the run's end never waits for it
                    }
                }
            });
        } catch (Stopped e) {
            // the sink failed: no more inputs are taken, the failure is thrown below
        } finally {
            inFlight.acquireUninterruptibly(permits); // every decoding task has finished
            for (int i = 0; i < inferenceThreads; i++) {
                windows.put(END_OF_INPUT);
            }
            awaitAll(inference);
            rows.put(END_OF_ROWS);
            awaitAll(List.of(writer));
        }
        if (writeFailure.get() != null) {
            throw writeFailure.get();
        }
    }

    /** A member's bytes, or why there are none. */
    private record Read(byte[] bytes, String error) {
    }

    /**
     * Reads a member's bytes in the walking thread (a streamed archive is on the member only now). A
     * member too large for the heap is an error row, not the end of the run.
     */
    private static Read read(Input in) {
        if (in instanceof Input.Failed f) {
            return new Read(null, f.reason());
        }
        if (!(in instanceof Input.Member m)) {
            return new Read(null, null);
        }
        try {
            return new Read(m.bytes().read(), null);
        } catch (IOException e) {
            return new Read(null, Inputs.describe(e));
        } catch (OutOfMemoryError e) {
            return new Read(null, "member too large for the Java heap (" + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB; SER_HEAP raises it)");
        }
    }

    /** Stops the pipeline's threads; the pipeline cannot be used afterwards. A second call does nothing. */
    @Override
    public void close() {
        decoders.shutdownNow();
        stages.shutdownNow();
    }

    private static void awaitAll(List<Future<?>> futures) throws InterruptedException {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a scoring thread failed", e.getCause());
            }
        }
    }

    private static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void prepare(Input in, byte[] bytes, String unreadable) {
        if (unreadable != null) {
            putRow(ScoreRow.failed(in.name(), scorer.modelId(), unreadable));
            return;
        }
        FileScore file = scorer.newFile(in.name());
        try {
            var cut = scorer.cut(in, bytes, file, this::putWindow);
            putWindow(new FileDone(file, cut));
        } catch (AudioDecodeException | RuntimeException | Error e) {
            putRow(ScoreRow.failed(in.name(), scorer.modelId(), Scorer.reason(e)));
        }
    }

    private void inferenceLoop() {
        List<Scorer.Window> pending = new ArrayList<>();
        try {
            while (true) {
                Object item = pending.isEmpty() ? windows.take() : windows.poll(LINGER_MS, TimeUnit.MILLISECONDS);
                if (item == END_OF_INPUT) { // one per inference thread
                    while (!pending.isEmpty()) {
                        runBatch(pending);
                    }
                    break;
                }
                if (item instanceof Scorer.Window w) {
                    pending.add(w);
                } else if (item instanceof FileDone done) {
                    done.file().end(done.cut());
                    emitIfComplete(done.file());
                }
                if (item == null || pending.size() >= batch) {
                    runBatch(pending);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs up to one batch from the head of {@code pending}; a failure fails only the files in that batch. */
    private void runBatch(List<Scorer.Window> pending) throws InterruptedException {
        List<Scorer.Window> head = new ArrayList<>(pending.subList(0, Math.min(batch, pending.size())));
        pending.subList(0, head.size()).clear();
        Set<FileScore> touched = new HashSet<>();
        head.forEach(w -> touched.add(w.file()));
        try {
            scorer.recognize(head);
        } catch (RuntimeException | Error e) {
            head.forEach(w -> w.file().fail(Scorer.reason(e)));
        }
        for (FileScore file : touched) {
            emitIfComplete(file);
        }
    }

    private void emitIfComplete(FileScore file) throws InterruptedException {
        ScoreRow row = file.takeRowIfComplete();
        if (row != null) {
            rows.put(row);
        }
    }

    private void writerLoop(RowSink sink, AtomicReference<IOException> writeFailure) {
        try {
            for (ScoreRow row = rows.take(); row != END_OF_ROWS; row = rows.take()) {
                if (writeFailure.get() != null) {
                    continue; // keep draining so the other threads never block on a full queue
                }
                try {
                    sink.accept(row);
                } catch (IOException e) {
                    writeFailure.compareAndSet(null, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void putWindow(Object item) {
        put(windows, item);
    }

    private void putRow(ScoreRow row) {
        put(rows, row);
    }

    private static <T> void put(BlockingQueue<T> queue, T item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing", e);
        }
    }
}
