package ser.score;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * zip, tar and tar.gz archives, never extracted to disk. A zip on disk is read through its central
 * directory (random access: streamed zips and data descriptors are no obstacle, and a member's bytes
 * can be read at any time); a zip without a readable central directory is salvaged from its local
 * headers after an error row that says so. Tars are streamed; where one breaks, the members read
 * so far keep their rows and an error row for the archive says where it broke. Every member is
 * checked: its CRC (zip), its declared size against the bytes read, and a ceiling of
 * {@link #MAX_MEMBER_BYTES}, above which it is an error row rather than a truncated recording.
 */
public final class Archives {
    public static final long MAX_MEMBER_BYTES = 512L << 20;

    private Archives() {
    }

    public static boolean isArchive(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".zip") || name.endsWith(".tar") || name.endsWith(".tar.gz") || name.endsWith(".tgz");
    }

    /** A tar compressed with gzip: listing its members means decompressing all of it. */
    static boolean isCompressed(Path archive) {
        String name = archive.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".tar.gz") || name.endsWith(".tgz");
    }

    private static boolean isZip(Path archive) {
        return archive.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /** The names {@link #members} gives, from a zip's central directory or a tar's headers; null if the archive is unreadable. */
    static List<String> memberNames(Path archive) {
        List<String> names = new ArrayList<>();
        try {
            if (isZip(archive)) {
                try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
                    for (ZipArchiveEntry e : Collections.list(zip.getEntriesInPhysicalOrder())) {
                        if (!e.isDirectory()) {
                            names.add(archive + "!/" + e.getName());
                        }
                    }
                }
            } else {
                try (var tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16))) {
                    for (ArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                        if (!e.isDirectory()) {
                            names.add(archive + "!/" + e.getName());
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return names;
    }

    /** The archive's file members, lazily, then an error row if the archive broke; the stream must be closed. */
    public static Stream<Input> members(Path archive) {
        if (isZip(archive)) {
            ZipFile zip;
            try {
                zip = ZipFile.builder().setPath(archive).get();
            } catch (IOException | RuntimeException e) {
                Input failed = new Input.Failed(archive.toString(), "cannot read the zip's central directory ("
                        + Inputs.describe(e) + "); members after this row are salvaged from their local headers");
                return Stream.concat(Stream.of(failed), streamed(archive));
            }
            return zipMembers(archive, zip);
        }
        return streamed(archive);
    }

    /**
     * Zip methods commons-compress decodes by itself: stored, shrunk, imploded, deflated, deflate64, bzip2.
     * It offers zstd and xz too when their libraries are on the class path, which they are not here: such
     * a member would fail with a linkage error instead of a row.
     */
    private static final Set<Integer> BUILT_IN_METHODS = Set.of(0, 1, 6, 8, 9, 12);

    private static Stream<Input> zipMembers(Path archive, ZipFile zip) {
        List<ZipArchiveEntry> entries = Collections.list(zip.getEntriesInPhysicalOrder());
        return entries.stream().filter(e -> !e.isDirectory()).map(e -> (Input) new Input.Member(archive + "!/" + e.getName(),
                () -> {
                    if (!zip.canReadEntryData(e) || !BUILT_IN_METHODS.contains(e.getMethod())) {
                        throw new IOException("unsupported zip member (method " + e.getMethod() + " or encryption)");
                    }
                    try (InputStream in = zip.getInputStream(e)) {
                        return checked(in, e.getSize(), e::getCrc);
                    } catch (RuntimeException damaged) { // opening the entry can throw unchecked too
                        throw new IOException("damaged member: " + Inputs.describe(damaged), damaged);
                    }
                })).onClose(() -> {
                    try {
                        zip.close();
                    } catch (IOException ignored) {
                        // read-only: nothing is lost if closing fails
                    }
                });
    }

    /** A tar, tar.gz or central-directory-less zip, front to back; a member's bytes are readable only while it is current. */
    private static Stream<Input> streamed(Path archive) {
        ArchiveInputStream<?> in;
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
            String name = archive.getFileName().toString().toLowerCase(Locale.ROOT);
            in = isZip(archive) ? new ZipArchiveInputStream(raw, "UTF-8", true, true)
                    : new TarArchiveInputStream(name.endsWith(".tar") ? raw : new GzipCompressorInputStream(raw));
        } catch (IOException | RuntimeException e) {
            return Stream.of(new Input.Failed(archive.toString(), "cannot open the archive: " + Inputs.describe(e)));
        }
        Iterator<Input> members = new Iterator<>() {
            private Input peeked;
            private boolean done;
            private long position; // entries advanced past; a member may read its bytes only while it is current
            private int read;

            @Override
            public boolean hasNext() {
                if (peeked == null && !done) {
                    try {
                        ArchiveEntry entry;
                        do {
                            entry = in.getNextEntry(); // skips whatever of the previous member was not read
                        } while (entry != null && entry.isDirectory());
                        position++;
                        if (entry == null) {
                            done = true;
                        } else {
                            peeked = member(entry, position);
                            read++;
                        }
                    } catch (IOException | RuntimeException | LinkageError e) { // a zstd or xz member wants a library ser lacks
                        done = true;
                        peeked = new Input.Failed(archive.toString(), "the archive breaks after " + read + " member"
                                + (read == 1 ? "" : "s") + ": " + Inputs.describe(e));
                    }
                }
                return peeked != null;
            }

            private Input member(ArchiveEntry entry, long mine) {
                return new Input.Member(archive + "!/" + entry.getName(), () -> {
                    if (mine != position || peeked != null) {
                        throw new IOException("archive member read after the stream moved past it");
                    }
                    if (!in.canReadEntryData(entry)
                            || entry instanceof ZipArchiveEntry z && !BUILT_IN_METHODS.contains(z.getMethod())) {
                        throw new IOException("unsupported member (its compression method or encryption)");
                    }
                    // a streamed zip member learns its CRC from the data descriptor after its bytes
                    return checked(in, entry.getSize(), () -> entry instanceof ZipArchiveEntry z ? z.getCrc() : -1);
                });
            }

            @Override
            public Input next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Input out = peeked;
                peeked = null;
                return out;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(members, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(() -> {
                    try {
                        in.close();
                    } catch (IOException ignored) {
                        // read-only: nothing is lost if closing fails
                    }
                });
    }

    /**
     * A member's bytes, refused when larger than {@link #MAX_MEMBER_BYTES}, shorter or longer than
     * {@code declaredSize} (when known, else -1), or different from the CRC {@code declaredCrc} gives once the
     * bytes are read (when known, else -1). commons-compress throws unchecked exceptions on some malformed
     * data; they are a damaged member here, an I/O error like any other.
     */
    static byte[] checked(InputStream in, long declaredSize, LongSupplier declaredCrc) throws IOException {
        if (declaredSize > MAX_MEMBER_BYTES) {
            throw new IOException("member of " + (declaredSize >> 20) + " MiB exceeds the " + (MAX_MEMBER_BYTES >> 20)
                    + " MiB held in memory for decoding");
        }
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) MAX_MEMBER_BYTES + 1);
        } catch (RuntimeException damaged) {
            throw new IOException("damaged member: " + Inputs.describe(damaged), damaged);
        }
        if (bytes.length > MAX_MEMBER_BYTES) {
            throw new IOException("member exceeds the " + (MAX_MEMBER_BYTES >> 20) + " MiB held in memory for decoding");
        }
        if (declaredSize >= 0 && bytes.length != declaredSize) {
            throw new IOException("damaged member: " + bytes.length + " bytes where its header declares " + declaredSize);
        }
        long crc = declaredCrc.getAsLong();
        if (crc != -1 && crc(bytes) != crc) {
            throw new IOException("CRC mismatch: the member's bytes are damaged");
        }
        return bytes;
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
