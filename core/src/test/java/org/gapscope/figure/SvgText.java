package org.gapscope.figure;

import java.awt.Font;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads an SVG written by the exporter as XML and finds every text element with its page-space
 * bounding box (from Java's metrics for the font the SVG names), so tests can check that labels
 * neither overlap nor leave the page and are large enough.
 */
final class SvgText {

    /** One text element: its string, size in points, bounding box on the page and SVG text anchor. */
    record Item(String text, double size, boolean bold, Rectangle2D box, String anchor) {
    }

    private static final Pattern MATRIX = Pattern.compile("matrix\\(([^)]*)\\)");
    private static final Pattern FONT_SIZE = Pattern.compile("font-size:\\s*([0-9.]+)px");

    final String svg;
    final Document document;
    final double width;
    final double height;
    final List<Item> items = new ArrayList<>();

    SvgText(String svg) throws Exception {
        this(svg, null);
    }

    /**
     * Reads {@code svg}, measuring its text in {@code font} (its size and weight from each element), as
     * a reader whose renderer substitutes that font would see it; null measures in Java's SansSerif,
     * the font the layout was made with.
     */
    SvgText(String svg, Font measureIn) throws Exception {
        this.svg = svg;
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        document = b.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        Element root = document.getDocumentElement();
        String[] vb = root.getAttribute("viewBox").trim().split("[ ,]+");
        width = Double.parseDouble(vb[2]);
        height = Double.parseDouble(vb[3]);
        NodeList texts = document.getElementsByTagNameNS("*", "text");
        for (int k = 0; k < texts.getLength(); k++) {
            Element t = (Element) texts.item(k);
            String style = t.getAttribute("style");
            Matcher m = FONT_SIZE.matcher(style);
            double size = m.find() ? Double.parseDouble(m.group(1)) : 12;
            boolean bold = style.contains("font-weight: bold");
            Font font = measureIn == null ? new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN,
                    (int) Math.round(size)) : measureIn.deriveFont(bold ? Font.BOLD : Font.PLAIN, (float) size);
            String s = t.getTextContent();
            double x = Double.parseDouble(t.getAttribute("x"));
            double y = Double.parseDouble(t.getAttribute("y"));
            double w = Text.width(font, s);
            String anchor = anchorOf(t);
            double left = switch (anchor) {
                case "middle" -> x - w / 2;
                case "end" -> x - w;
                default -> x;
            };
            Rectangle2D local = new Rectangle2D.Double(left, y - Text.ascent(font), w, Text.height(font));
            AffineTransform at = transformOf(t);
            items.add(new Item(s, size, bold, at.createTransformedShape(local).getBounds2D(), anchor));
        }
    }

    /** The text-anchor in force at {@code node} (its own or an ancestor's), {@code start} by default. */
    static String anchorOf(Node node) {
        for (Node n = node; n != null && n.getNodeType() == Node.ELEMENT_NODE; n = n.getParentNode()) {
            String a = ((Element) n).getAttribute("text-anchor");
            if (!a.isEmpty()) {
                return a;
            }
        }
        return "start";
    }

    private static AffineTransform transformOf(Node node) {
        List<AffineTransform> chain = new ArrayList<>();
        for (Node n = node; n != null && n.getNodeType() == Node.ELEMENT_NODE; n = n.getParentNode()) {
            String tr = ((Element) n).getAttribute("transform");
            Matcher m = MATRIX.matcher(tr);
            if (m.find()) {
                String[] p = m.group(1).trim().split("[ ,]+");
                double[] v = new double[6];
                for (int i = 0; i < 6; i++) {
                    v[i] = Double.parseDouble(p[i]);
                }
                chain.add(0, new AffineTransform(v));
            }
        }
        AffineTransform at = new AffineTransform();
        for (AffineTransform a : chain) {
            at.concatenate(a);
        }
        return at;
    }

    /** Texts of all elements. */
    List<String> strings() {
        return items.stream().map(Item::text).toList();
    }

    /** Problems a reviewer would flag: text off the page, text smaller than {@code minSize}, overlapping text. */
    List<String> problems(double minSize) {
        List<String> problems = new ArrayList<>();
        double tol = 0.5;
        for (Item it : items) {
            Rectangle2D b = it.box();
            if (b.getMinX() < -tol || b.getMinY() < -tol || b.getMaxX() > width + tol || b.getMaxY() > height + tol) {
                problems.add("clipped: '" + it.text() + "' at " + fmt(b) + " on a " + width + " x " + height + " page");
            }
            if (it.size() < minSize - 1e-9) {
                problems.add("too small: '" + it.text() + "' at " + it.size() + " pt");
            }
        }
        for (int i = 0; i < items.size(); i++) {
            for (int j = i + 1; j < items.size(); j++) {
                Rectangle2D a = shrink(items.get(i).box());
                Rectangle2D b = shrink(items.get(j).box());
                if (a.intersects(b)) {
                    problems.add("overlap: '" + items.get(i).text() + "' " + fmt(items.get(i).box()) + " and '"
                            + items.get(j).text() + "' " + fmt(items.get(j).box()));
                }
            }
        }
        return problems;
    }

    /** Boxes include the descent below and ascent above; adjacent lines may touch, so shrink a little. */
    private static Rectangle2D shrink(Rectangle2D r) {
        double dx = Math.min(0.4, r.getWidth() / 4);
        double dy = Math.min(r.getHeight() * 0.12, r.getHeight() / 4);
        return new Rectangle2D.Double(r.getX() + dx, r.getY() + dy, r.getWidth() - 2 * dx, r.getHeight() - 2 * dy);
    }

    private static String fmt(Rectangle2D r) {
        return String.format(java.util.Locale.ROOT, "[%.1f,%.1f %.1fx%.1f]", r.getX(), r.getY(), r.getWidth(),
                r.getHeight());
    }
}
