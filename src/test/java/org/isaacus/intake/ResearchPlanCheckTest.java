package org.isaacus.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Calendar;
import java.util.function.Consumer;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionLaunch;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.isaacus.forms.InvalidInputException;
import org.isaacus.support.Pdfs;
import org.junit.jupiter.api.Test;

/** Hostile PDFs made with PDFBox, each refused with a message that says why; a plain one passes. */
class ResearchPlanCheckTest {

    private final ResearchPlanCheck check =
            new ResearchPlanCheck(10 * 1024 * 1024, 20 * 1024 * 1024, org.isaacus.support.Messages.bundles());

    @Test
    void aPlainPdfWithALinkPasses() {
        byte[] plain = pdf(doc -> {
            var link = new PDAnnotationLink();
            var uri = new PDActionURI();
            uri.setURI("https://findata.fi/en/");
            link.setAction(uri);
            try {
                doc.getPage(0).getAnnotations().add(link);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThatCode(() -> check.check("plan.pdf", plain)).doesNotThrowAnyException();
        assertThatCode(() -> check.check("plan.pdf", Pdfs.onePage())).doesNotThrowAnyException();
    }

    @Test
    void javascriptAndAutomaticActionsAreRefused() {
        assertThat(refusal(pdf(doc -> doc.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert(1)")))))
                .contains("runs actions when it is opened");
        assertThat(refusal(pdf(doc -> {
                    var names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
                    var js = new org.apache.pdfbox.pdmodel.PDJavascriptNameTreeNode();
                    js.setNames(java.util.Map.of("x", new PDActionJavaScript("app.alert(1)")));
                    names.setJavascript(js);
                    doc.getDocumentCatalog().setNames(names);
                })))
                .contains("JavaScript");
        assertThat(refusal(pdf(doc -> {
                    var link = new PDAnnotationLink();
                    var launch = new PDActionLaunch();
                    launch.setFile(new PDComplexFileSpecification());
                    link.setAction(launch);
                    try {
                        doc.getPage(0).getAnnotations().add(link);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })))
                .contains("Launch action");
    }

    @Test
    void embeddedFilesAndXfaAreRefused() {
        assertThat(refusal(pdf(doc -> {
                    try {
                        var file = new PDEmbeddedFile(doc, new java.io.ByteArrayInputStream("MZ".getBytes()));
                        file.setCreationDate(Calendar.getInstance());
                        var spec = new PDComplexFileSpecification();
                        spec.setFile("payload.exe");
                        spec.setEmbeddedFile(file);
                        var tree = new PDEmbeddedFilesNameTreeNode();
                        tree.setNames(java.util.Map.of("payload.exe", spec));
                        var names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
                        names.setEmbeddedFiles(tree);
                        doc.getDocumentCatalog().setNames(names);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })))
                .contains("embedded files");
        assertThat(refusal(pdf(doc -> {
                    var form = new PDAcroForm(doc);
                    form.getCOSObject().setItem(COSName.XFA, new org.apache.pdfbox.cos.COSArray());
                    doc.getDocumentCatalog().setAcroForm(form);
                })))
                .contains("XFA");
    }

    @Test
    void encryptedTruncatedAndMalformedFilesAreRefused() throws IOException {
        byte[] encrypted = pdf(doc -> {
            try {
                var policy = new StandardProtectionPolicy("owner", "", new AccessPermission());
                policy.setEncryptionKeyLength(128);
                doc.protect(policy);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(refusal(encrypted)).containsIgnoringCase("encrypted");
        byte[] plain = Pdfs.onePage();
        assertThat(refusal(Arrays.copyOf(plain, plain.length / 2))).contains("truncated");
        assertThat(refusal("%PDF-1.7\nnot really a pdf\n%%EOF\n".getBytes(StandardCharsets.US_ASCII)))
                .contains("cannot be read");
        assertThat(refusal("GIF89a".getBytes(StandardCharsets.US_ASCII))).contains("not a PDF");
    }

    @Test
    void aFileThatIsTwoFormatsAtOnceIsRefused() throws IOException {
        byte[] plain = Pdfs.onePage();
        assertThat(refusal(concat(plain, "<html><script>alert(1)</script></html>".getBytes())))
                .contains("data after its end");
        // a ZIP whose end record (and a comment ending in %%EOF) follows the PDF
        var zip = new ByteArrayOutputStream();
        try (var out = new java.util.zip.ZipOutputStream(zip)) {
            out.putNextEntry(new java.util.zip.ZipEntry("x.txt"));
            out.write("hidden".getBytes());
            out.closeEntry();
            out.setComment("%%EOF");
        }
        assertThat(refusal(concat(plain, zip.toByteArray()))).contains("ZIP archive");
        byte[] html = concat("%PDF-1.7\n%<html><script>alert(1)</script>\n".getBytes(), plain);
        assertThat(refusal(html)).contains("HTML");
    }

    @Test
    void aDecompressionBombIsRefused() throws IOException {
        byte[] bomb = pdf(doc -> {
            try {
                var stream = new PDStream(doc);
                try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
                    byte[] zeros = new byte[1024 * 1024];
                    for (int i = 0; i < 30; i++) {
                        out.write(zeros);
                    }
                }
                doc.getDocumentCatalog().getCOSObject().setItem(COSName.getPDFName("Padding"), stream);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(bomb.length).as("30 MB of zeros compress well").isLessThan(200_000);
        assertThat(refusal(bomb)).contains("decompression bomb");
    }

    private String refusal(byte[] content) {
        try {
            check.check("plan.pdf", content);
        } catch (InvalidInputException e) {
            return e.fieldErrors().get("file");
        }
        throw new AssertionError("accepted a file it should refuse");
    }

    private static byte[] pdf(Consumer<PDDocument> change) {
        try (var doc = new PDDocument()) {
            doc.addPage(new PDPage());
            change.accept(doc);
            var out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
