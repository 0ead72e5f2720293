package ser.score;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * zip, tar and tar.gz archives read front to back as streams: nothing is extracted to disk, and a
 * member's bytes are read only when it is scored. A member larger than {@link #MAX_MEMBER_BYTES}
 * becomes an error row rather than filling memory.
 */
public final class Archives {
    public static final long MAX_MEMBER_BYTES = 512L << 20;

    private Archives() {
    }

    public static boolean isArchive(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".zip") || name.endsWith(".tar") || name.endsWith(".tar.gz") || name.endsWith(".tgz");
    }

    /** A tar compressed with gzip: listing its members means decompressing all of it. */
    static boolean isCompressed(Path archive) {
        String name = archive.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".tar.gz") || name.endsWith(".tgz");
    }

    /** The names {@link #members} gives, from a zip's central directory or a tar's headers, without reading data. */
    static List<String> memberNames(Path archive) {
        List<String> names = new ArrayList<>();
        try {
            if (archive.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
                try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
                    zip.getEntries().asIterator().forEachRemaining(e -> {
                        if (!e.isDirectory()) {
                            names.add(archive + "!/" + e.getName());
                        }
                    });
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the archive " + archive, e);
        }
        return names;
    }

    /** The archive's file members, lazily; the stream must be consumed in order and closed. */
    public static Stream<Input> members(Path archive) {
        ArchiveInputStream<?> in;
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
            String name = archive.getFileName().toString().toLowerCase(Locale.ROOT);
            in = name.endsWith(".zip") ? new ZipArchiveInputStream(raw)
                    : new TarArchiveInputStream(name.endsWith(".tar") ? raw : new GzipCompressorInputStream(raw));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the archive " + archive, e);
        }
        Iterator<Input> members = new Iterator<>() {
            private ArchiveEntry peeked;
            private boolean fetched;
            private long position; // entries advanced past; a member may read its bytes only while it is current

            @Override
            public boolean hasNext() {
                if (!fetched) {
                    try {
                        do {
                            peeked = in.getNextEntry(); // skips whatever of the previous member was not read
                        } while (peeked != null && peeked.isDirectory());
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the archive " + archive, e);
                    }
                    fetched = true;
                    position++;
                }
                return peeked != null;
            }

            @Override
            public Input next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ArchiveEntry entry = peeked;
                long mine = position;
                fetched = false;
                return new Input.Member(archive + "!/" + entry.getName(), () -> {
                    if (mine != position || fetched) {
                        throw new IOException("archive member read after the stream moved past it");
                    }
                    if (entry.getSize() > MAX_MEMBER_BYTES) {
                        throw new IOException("member of " + (entry.getSize() >> 20) + " MB exceeds the "
                                + (MAX_MEMBER_BYTES >> 20) + " MB held in memory for decoding");
                    }
                    return in.readNBytes((int) MAX_MEMBER_BYTES);
                });
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(members,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(() -> {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
