package org.spectralssl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.spectralssl.linalg.InvalidInputException;

/** Reads and writes a batch as CSV: one sample per line, features separated by commas or blanks. */
final class BatchFiles {
    private BatchFiles() {}

    static DMatrixRMaj readCsv(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new InvalidInputException(file + ": no such readable file");
        }
        List<double[]> rows = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("[,;\\s]+");
            double[] row = new double[parts.length];
            for (int j = 0; j < parts.length; j++) {
                try {
                    row[j] = Double.parseDouble(parts[j]);
                } catch (NumberFormatException e) {
                    if (rows.isEmpty() && j == 0) {
                        row = null; // a header line
                        break;
                    }
                    throw new InvalidInputException(file + ":" + lineNo + ": '" + parts[j] + "' is not a number");
                }
            }
            if (row == null) {
                continue;
            }
            if (!rows.isEmpty() && row.length != rows.get(0).length) {
                throw new InvalidInputException(file + ":" + lineNo + ": " + row.length + " values, but the first row has "
                        + rows.get(0).length);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException(file + ": no data rows");
        }
        return new DMatrixRMaj(rows.toArray(new double[0][]));
    }

    /** Writes atomically: a temporary file beside the target, then a rename. */
    static void writeCsv(DMatrixRMaj a, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < a.numCols; j++) {
                if (j > 0) {
                    sb.append(',');
                }
                sb.append(a.get(i, j));
            }
            sb.append('\n');
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
