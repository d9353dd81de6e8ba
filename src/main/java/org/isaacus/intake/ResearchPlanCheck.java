package org.isaacus.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.isaacus.forms.InvalidInputException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * An attachment must be a plain PDF document an officer can open safely: one format only, complete, not
 * encrypted, with pages, and without what hostile PDFs carry — JavaScript, actions that run on opening, launch
 * or form-submission actions, embedded files, XFA forms — or streams that inflate beyond reason. PDFBox parses;
 * this walks every object the parser found.
 */
@Component
class ResearchPlanCheck {

    /** Filters whose output is an image the check never needs to decode. */
    private static final List<String> IMAGE_FILTERS =
            List.of("DCTDecode", "DCT", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode", "CCF");

    private static final Set<String> FORBIDDEN_ACTIONS =
            Set.of("JavaScript", "Launch", "SubmitForm", "ImportData", "Rendition", "Movie", "Sound", "GoToE");

    private final long maxBytes;
    private final long maxInflatedBytes;
    private final org.springframework.context.support.MessageSourceAccessor messages;

    ResearchPlanCheck(
            @Value("${isaacus.intake.attachment-max-bytes:10485760}") long maxBytes,
            @Value("${isaacus.intake.attachment-max-inflated-bytes:209715200}") long maxInflatedBytes,
            org.springframework.context.MessageSource messages) {
        this.messages = new org.springframework.context.support.MessageSourceAccessor(messages);
        this.maxBytes = maxBytes;
        this.maxInflatedBytes = maxInflatedBytes;
    }

    void check(String filename, byte[] content) {
        if (content.length == 0) {
            throw reject("upload.error.empty");
        }
        if (content.length > maxBytes) {
            throw reject("upload.error.too-large", maxBytes / (1024 * 1024));
        }
        if (filename == null || !filename.toLowerCase(Locale.ROOT).endsWith(".pdf")) {
            throw reject("upload.error.pdf-name");
        }
        if (!startsWith(content, "%PDF-")) {
            throw reject("upload.error.not-pdf");
        }
        checkOneFormat(content);
        try (PDDocument pdf = Loader.loadPDF(
                content, "", null, null, MemoryUsageSetting.setupMainMemoryOnly(maxInflatedBytes).streamCache)) {
            if (pdf.getDocument().getTrailer().containsKey(COSName.ENCRYPT) || pdf.isEncrypted()) {
                throw reject("upload.error.encrypted");
            }
            if (pdf.getNumberOfPages() == 0) {
                throw reject("upload.error.no-pages");
            }
            scan(pdf);
        } catch (org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException e) {
            throw reject("upload.error.encrypted");
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException refused) {
                throw refused;
            }
            throw reject("upload.error.unreadable", e.getMessage());
        }
    }

    /**
     * A PDF ends with %%EOF; what follows it (beyond whitespace) is another file riding along, and a ZIP's end
     * record in the tail makes the file a ZIP archive too. Markup at the start would let a browser sniff HTML.
     */
    private void checkOneFormat(byte[] content) {
        int end = content.length;
        while (end > 0 && Character.isWhitespace(content[end - 1])) {
            end--;
        }
        if (end < 5 || !new String(content, end - 5, 5, StandardCharsets.ISO_8859_1).equals("%%EOF")) {
            throw reject("upload.error.truncated");
        }
        int tail = Math.max(0, content.length - 65_557);
        for (int i = tail; i + 3 < content.length; i++) {
            if (content[i] == 'P' && content[i + 1] == 'K' && content[i + 2] == 5 && content[i + 3] == 6) {
                throw reject("upload.error.zip");
            }
        }
        String head = new String(content, 0, Math.min(content.length, 1024), StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
        if (head.contains("<html") || head.contains("<script") || head.contains("<svg")) {
            throw reject("upload.error.html");
        }
    }

    /** Every object the parser found, and every dictionary and array inside them. */
    private void scan(PDDocument pdf) throws IOException {
        var document = pdf.getDocument();
        ArrayDeque<COSBase> pending = new ArrayDeque<>();
        pending.add(document.getTrailer());
        for (var key : document.getXrefTable().keySet()) {
            COSObject object = document.getObjectFromPool(key);
            if (object != null && object.getObject() != null) {
                pending.add(object.getObject());
            }
        }
        Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long inflated = 0;
        while (!pending.isEmpty()) {
            COSBase next = pending.pop();
            if (next instanceof COSObject reference) {
                next = reference.getObject();
            }
            if (next == null || !seen.add(next)) {
                continue;
            }
            if (next instanceof COSDictionary dictionary) {
                refuseHostile(dictionary);
                if (dictionary instanceof COSStream stream) {
                    inflated += inflatedSize(stream, maxInflatedBytes - inflated);
                }
                pending.addAll(dictionary.getValues());
            } else if (next instanceof COSArray array) {
                array.forEach(pending::add);
            }
        }
    }

    private void refuseHostile(COSDictionary d) {
        if (d.containsKey(COSName.OPEN_ACTION) || d.containsKey(COSName.AA)) {
            throw reject("upload.error.actions");
        }
        if (d.containsKey(COSName.JS) || d.containsKey(COSName.JAVA_SCRIPT)) {
            throw reject("upload.error.javascript");
        }
        String action = d.getNameAsString(COSName.S);
        if (action != null && FORBIDDEN_ACTIONS.contains(action)) {
            throw reject("upload.error.action", action);
        }
        if (d.containsKey(COSName.EMBEDDED_FILES)
                || d.containsKey(COSName.EF)
                || COSName.EMBEDDED_FILE.equals(d.getCOSName(COSName.TYPE))
                || COSName.getPDFName("FileAttachment").equals(d.getCOSName(COSName.SUBTYPE))
                || COSName.getPDFName("RichMedia").equals(d.getCOSName(COSName.SUBTYPE))) {
            throw reject("upload.error.embedded");
        }
        if (d.containsKey(COSName.XFA)) {
            throw reject("upload.error.xfa");
        }
    }

    /**
     * The decoded size of a stream, read up to what is left of the budget: a small file inflating to gigabytes is
     * refused. Images are counted as stored (decoding them proves nothing about bombs and costs much).
     */
    private long inflatedSize(COSStream stream, long budget) throws IOException {
        COSBase filters = stream.getFilters();
        List<? extends COSBase> named =
                filters instanceof COSArray array ? array.toList() : filters == null ? List.of() : List.of(filters);
        boolean image = named.stream()
                .map(f -> f instanceof COSName name ? name.getName() : "")
                .anyMatch(IMAGE_FILTERS::contains);
        if (image) {
            return stream.getLength();
        }
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = stream.createInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > budget) {
                    throw reject("upload.error.bomb");
                }
            }
        }
        return total;
    }

    private static boolean startsWith(byte[] content, String prefix) {
        return content.length > prefix.length()
                && new String(content, 0, prefix.length(), StandardCharsets.ISO_8859_1).equals(prefix);
    }

    /** Why the file is refused, in the uploader's language (the request's locale). */
    private InvalidInputException reject(String code, Object... args) {
        return new InvalidInputException(Map.of("file", messages.getMessage(code, args)));
    }
}
