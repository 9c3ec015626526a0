#include "geo/scene/compiled_filter.hpp"

#include <algorithm>
#include <thread>

namespace oko::geo {

namespace {

// Whatever contains all of `narrow` contains all of `wide`: each word of `wide` is part of a word
// of `narrow` (as when typing on).
bool narrows(const std::vector<std::string>& narrow, const std::vector<std::string>& wide) {
    return std::all_of(wide.begin(), wide.end(), [&](const std::string& w) {
        return std::any_of(narrow.begin(), narrow.end(),
                           [&](const std::string& n) { return n.find(w) != std::string::npos; });
    });
}

std::shared_ptr<const TextMatch> match_text(std::vector<std::string> words, const SearchTexts& texts,
                                            const TextMatch* previous) {
    if (words.empty()) return nullptr;
    const size_t n = texts.size();
    auto out = std::make_shared<TextMatch>();
    out->words = std::move(words);
    // Only what matched the last text can match a longer one; else every point is a candidate.
    const bool narrowing = previous && previous->mask.size() == n && narrows(out->words, previous->words);
    const std::vector<uint32_t>* candidates = narrowing ? &previous->hits : nullptr;
    out->mask.assign(n, 0);
    const size_t count = narrowing ? candidates->size() : n;
    // Matching a million texts takes a frame's worth of time: both cores share it, each writing
    // its own run of the mask and its own hits, joined in order.
    const size_t parts = count > 100000 ? 2 : 1;
    std::vector<std::vector<uint32_t>> hits(parts);
    auto match = [&](size_t part) {
        for (size_t k = count * part / parts, end = count * (part + 1) / parts; k < end; ++k) {
            const uint32_t i = candidates ? (*candidates)[k] : static_cast<uint32_t>(k);
            const bool pass = Filter::contains_all_words(texts[i], out->words);
            out->mask[i] = pass;
            if (pass) hits[part].push_back(i);
        }
    };
    if (parts == 1) {
        match(0);
    } else {
        std::thread other(match, 1);
        match(0);
        other.join();
    }
    out->hits = std::move(hits[0]);
    for (size_t part = 1; part < parts; ++part)
        out->hits.insert(out->hits.end(), hits[part].begin(), hits[part].end());
    return out;
}

} // namespace

SearchTexts::SearchTexts(const std::vector<std::string>& texts, size_t count) {
    size_t total = 0;
    for (size_t i = 0; i < count && i < texts.size(); ++i)
        total += texts[i].size();
    m_chars.reserve(total);
    m_begin.reserve(count + 1);
    for (size_t i = 0; i < count; ++i) {
        m_begin.push_back(m_chars.size());
        if (i < texts.size()) m_chars += texts[i];
    }
    m_begin.push_back(m_chars.size());
}

SearchTexts SearchTexts::with(const std::vector<uint32_t>& points, const std::vector<std::string>& texts) const {
    SearchTexts out;
    const size_t n = size();
    size_t total = m_chars.size();
    for (size_t k = 0; k < points.size() && points[k] < n; ++k)
        total = total - (*this)[points[k]].size() + texts[k].size();
    out.m_chars.reserve(total);
    out.m_begin.reserve(n + 1);
    size_t from = 0, k = 0;
    for (size_t i = 0; i < n; ++i) {
        if (k < points.size() && points[k] == i) {
            out.m_chars.append(m_chars, from, m_begin[i] - from); // the unchanged run before it
            out.m_begin.push_back(out.m_chars.size());
            out.m_chars += texts[k++];
            from = m_begin[i + 1];
        } else { // unchanged: copied with its run, at the next change or the end
            out.m_begin.push_back(out.m_chars.size() + (m_begin[i] - from));
        }
    }
    out.m_chars.append(m_chars, from, std::string::npos);
    out.m_begin.push_back(out.m_chars.size());
    return out;
}

CompiledFilter CompiledFilter::rematched(const SearchTexts& texts, const std::vector<uint32_t>& points) const {
    CompiledFilter out = *this;
    if (!text) return out;
    auto match = std::make_shared<TextMatch>(*text);
    for (const uint32_t i : points)
        if (i < match->mask.size()) match->mask[i] = Filter::contains_all_words(texts[i], match->words);
    match->hits.clear();
    for (size_t i = 0; i < match->mask.size(); ++i)
        if (match->mask[i]) match->hits.push_back(static_cast<uint32_t>(i));
    out.text = std::move(match);
    return out;
}

void CompiledFilter::pass_bits(const uint16_t* vendor_index, const int16_t* years, const uint8_t* status_of,
                               size_t count, std::vector<uint64_t>& out) const {
    const size_t words = (count + 63) / 64;
    out.resize(words);
    const uint8_t* vendor_ok = vendor_pass.data();
    const size_t vendors = vendor_pass.size();
    const uint8_t* text_ok = text ? text->mask.data() : nullptr;
    // A word of 64 points at a time, built in a register.
    auto fill = [&](size_t first_word, size_t last_word) {
        for (size_t w = first_word; w < last_word; ++w) {
            uint64_t bits = 0;
            const size_t begin = w * 64, end = std::min(count, begin + 64);
            for (size_t i = begin; i < end; ++i) {
                const size_t v = vendor_index[i];
                // Each test as 0 or 1 and combined with '&': no branch per test in this loop.
                const unsigned pass = static_cast<unsigned>(v < vendors && vendor_ok[v]) &
                                      static_cast<unsigned>(year_passes(years[i])) &
                                      static_cast<unsigned>(!text_ok || text_ok[i]) &
                                      static_cast<unsigned>(status_passes(status_of ? status_of[i] : uint8_t{0}));
                bits |= uint64_t{pass} << (i - begin);
            }
            out[w] = bits;
        }
    };
    if (count < 200000) {
        fill(0, words);
    } else {
        std::thread other(fill, words / 2, words);
        fill(0, words / 2);
        other.join();
    }
}

CompiledFilter compile(const Filter& filter, const std::vector<std::string>& vendors, const SearchTexts& texts,
                       const CompiledFilter* previous) {
    CompiledFilter out;
    out.source = filter;
    out.vendor_pass.resize(vendors.size());
    for (size_t v = 0; v < vendors.size(); ++v)
        out.vendor_pass[v] = filter.vendor_passes(vendors[v]);
    // As Filter::year_passes: open ends pass every known year; unknown years pass without a year
    // criterion, and under one only with the unknown toggle.
    out.year_lo = filter.year_min.value_or(INT_MIN);
    out.year_hi = filter.year_max.value_or(INT_MAX);
    out.unknown_year_ok = filter.year_passes(std::nullopt);
    out.statuses = filter.statuses;
    // The same text as last time (a vendor or year change): its match as it is, not even folded again.
    const bool same_layer = previous && (!previous->text || previous->text->mask.size() == texts.size());
    if (same_layer && previous->source.text == filter.text) {
        out.text = previous->text;
        return out;
    }
    auto words = filter.text_words();
    const TextMatch* last = same_layer ? previous->text.get() : nullptr;
    if (last && last->words == words)
        out.text = previous->text;
    else
        out.text = match_text(std::move(words), texts, last);
    return out;
}

CompiledFilter compile(const Filter& filter, const PointLayerData& layer) {
    // The texts end to end only when there is a text to match: a million of them cost 10 ms.
    if (filter.text_words().empty()) return compile(filter, layer.vendors, SearchTexts{});
    return compile(filter, layer.vendors, SearchTexts(layer.search_text, layer.positions.size()));
}

} // namespace oko::geo
