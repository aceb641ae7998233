package io.makemore4j.report;

/** Escaping text into HTML and SVG, for the report pages. */
final class Html {

    private Html() {
    }

    /** {@code text} safe inside an element or a double-quoted attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A number as an attribute value: Java's shortest exact decimal, "" where there is none (NaN). */
    static String value(double v) {
        return Double.isNaN(v) ? "" : String.valueOf(v);
    }
}
