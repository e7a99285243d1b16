package org.gapscope.model;

import org.gapscope.GapScopeException;

/**
 * A prompt template with exactly one placeholder ({@code {speech}} or {@code {text}}): the text before
 * it and after it are tokenized without added special tokens; the query goes in between.
 *
 * @param template the template as written in bundle.json
 * @param prefix the text before the placeholder
 * @param suffix the text after the placeholder
 */
public record PromptTemplate(String template, String prefix, String suffix) {

    /** Parses a template whose placeholder is {@code {<placeholder>}}; {@code where} names it in errors. */
    public static PromptTemplate parse(String template, String placeholder, String where) {
        String token = "{" + placeholder + "}";
        int first = template.indexOf(token);
        if (first < 0 || template.indexOf(token, first + 1) >= 0) {
            throw new GapScopeException(where + " must contain exactly one " + token + ": \"" + template + "\"");
        }
        return new PromptTemplate(template, template.substring(0, first), template.substring(first + token.length()));
    }
}
