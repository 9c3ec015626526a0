#include "geo/analysis/place_names.hpp"

#include "geo/text/edit_distance.hpp"
#include "geo/text/text_fold.hpp"

#include <algorithm>

namespace oko::geo {

namespace {

struct ShortForm {
    std::string_view written;
    std::string_view meaning; // empty: an abbreviation of several words (sv.: svetog, svete, svetozara, ...)
};

// Short forms met in street names and in what people type, after folding (lower case, no diacritics).
constexpr ShortForm kShortForms[] = {
    {"bul", "bulevar"}, {"blvd", "bulevar"}, {"ul", "ulica"}, {"doktora", "dr"},   {"doktor", "dr"}, {"sv", ""},
    {"vojv", ""},       {"nar", ""},         {"kr", ""},      {"bd", "boulevard"}, {"av", "avenue"},
};

struct StreetType {
    std::string_view word;
    std::string_view kind;
};

constexpr StreetType kStreetTypes[] = {
    {"bulevar", "boulevard"},   {"trg", "square"},          {"kej", "quay"},
    {"ulica", "street"},        {"setaliste", "promenade"}, {"put", "road"},
    {"prolaz", "passage"},      {"sokak", "lane"},          {"avenija", "avenue"},
    {"boulevard", "boulevard"}, {"avenue", "avenue"},       {"rue", "street"},
    {"place", "square"},        {"quai", "quay"},           {"square", "square"},
    {"street", "street"},
};

bool word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80; }

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// `query` and `name` are the same word: equal, or one a short form the other begins with. A short
// form in a name needs two letters: the single letters of "d.o.o." stand for no street's words.
bool same_word(const NameWord& query, const NameWord& name) {
    if (query.text == name.text) return true;
    if (query.abbreviated && starts_with(name.text, query.text)) return true;
    return name.abbreviated && name.text.size() >= 2 && starts_with(query.text, name.text);
}

bool begins_word(const NameWord& query, const NameWord& name) {
    return starts_with(name.text, query.text) || same_word(query, name);
}

// Whether `query` matches `name` from word `offset` on: every word the same, the last one begun
// (`prefix`) or the same and no word left over (not `prefix`).
bool words_match(const std::vector<NameWord>& query, const std::vector<NameWord>& name, size_t offset, bool prefix) {
    if (query.empty() || offset + query.size() > name.size()) return false;
    if (!prefix && offset + query.size() != name.size()) return false;
    for (size_t i = 0; i + 1 < query.size(); ++i)
        if (!same_word(query[i], name[offset + i])) return false;
    const auto& last = query.back();
    const auto& against = name[offset + query.size() - 1];
    return prefix ? begins_word(last, against) : same_word(last, against);
}

std::string joined(const std::vector<NameWord>& words) {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) out += ' ';
        out += w.text;
    }
    return out;
}

std::vector<NameWord> without_type(const std::vector<NameWord>& words) {
    if (words.size() < 2 || street_type(words).empty()) return {};
    return {words.begin() + 1, words.end()};
}

NameMatch match_words(const std::vector<NameWord>& query, const std::vector<NameWord>& name) {
    if (words_match(query, name, 0, false)) return NameMatch::Exact;
    if (words_match(query, name, 0, true)) return NameMatch::Prefix;
    for (size_t offset = 1; offset < name.size(); ++offset)
        if (words_match(query, name, offset, true)) return NameMatch::WordPrefix;
    const std::string q = joined(query), n = joined(name);
    if (q.size() < 4) return NameMatch::None;
    if (edit_distance(q, n, 1) <= 1) return NameMatch::Typo;
    if (q.size() < 5) return NameMatch::None;
    // The beginning of the name as long as the query, or one letter shorter or longer (a letter missing or added).
    for (size_t length = q.size() - 1; length <= q.size() + 1 && length < n.size(); ++length)
        if (edit_distance(q, std::string_view(n).substr(0, length), 1) <= 1) return NameMatch::TypoPrefix;
    return NameMatch::None;
}

} // namespace

std::vector<NameWord> name_words(std::string_view text) {
    const std::string folded = fold_for_names(text);
    std::vector<NameWord> out;
    for (size_t i = 0; i < folded.size();) {
        if (!word_byte(static_cast<unsigned char>(folded[i]))) {
            ++i;
            continue;
        }
        size_t end = i;
        bool letters = false;
        while (end < folded.size() && word_byte(static_cast<unsigned char>(folded[end]))) {
            letters = letters || !(folded[end] >= '0' && folded[end] <= '9');
            ++end;
        }
        NameWord w{folded.substr(i, end - i), false};
        // "Sv." stands for a longer word; "7." is an ordinal number, not a short form.
        w.abbreviated = letters && end < folded.size() && folded[end] == '.';
        for (const auto& s : kShortForms)
            if (w.text == s.written) {
                if (s.meaning.empty()) {
                    w.abbreviated = true;
                } else {
                    w.text = s.meaning;
                    w.abbreviated = false;
                }
                break;
            }
        out.push_back(std::move(w));
        i = end;
    }
    return out;
}

std::string_view street_type(const std::vector<NameWord>& words) {
    if (words.empty() || words.front().abbreviated) return {};
    for (const auto& t : kStreetTypes)
        if (words.front().text == t.word) return t.kind;
    return {};
}

NameMatch match_name(const std::vector<NameWord>& query, const std::vector<NameWord>& name) {
    if (query.empty() || name.empty()) return NameMatch::None;
    NameMatch best = match_words(query, name);
    const auto query_type = street_type(query), name_type = street_type(name);
    const auto query_core = without_type(query), name_core = without_type(name);
    auto consider = [&](const std::vector<NameWord>& q, const std::vector<NameWord>& n) {
        if (q.empty() || n.empty()) return;
        best = std::min(best, match_words(q, n));
    };
    // "oslobodjenja" for "Bulevar oslobođenja": the name without its street type.
    if (query_type.empty()) consider(query, name_core);
    // "ulica Zmaj Jovina" for "Zmaj Jovina": "ulica" says only that it is a street.
    if (query_type == "street") {
        if (name_type.empty())
            consider(query_core, name);
        else
            consider(query_core, name_core);
    }
    return best;
}

} // namespace oko::geo
