#pragma once
// Class breaks for classed maps (hexagon and square bins, the choropleth of districts): the edges
// of a few classes of values, by quantiles, equal intervals or natural breaks.
//
// Classes are closed below and open above, the last one closed at both ends: class i holds the
// values v with edges[i] <= v < edges[i + 1], and the last one also the maximum. So a legend reads
// "edges[i] to under edges[i + 1]", and "edges[n-1] to edges[n]" for the last class.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace oko::geo {

enum class ClassMethod : uint8_t { quantile, equal_interval, natural_breaks };

std::string_view class_method_name(ClassMethod method); // "quantile", "equal-interval", "natural-breaks"
// The names above, also with '_' for '-', "quantiles", "equal", "jenks"; nullopt otherwise.
std::optional<ClassMethod> parse_class_method(std::string_view name);

// Up to classes + 1 ascending edges from the smallest value to the largest; empty when there are
// no (finite) values; non-finite values are left out. Never more classes than distinct values
// ({v, v} when every value is v); the last two edges are equal when the last class holds only the
// maximum. Throws Error when classes is not from 1 to kMaxClasses.
//   quantile        edge i (0 < i < classes) is the value of rank ⌊i·n/classes⌋ of the sorted
//                   values: without ties the classes hold equal counts, ±1. A run of equal values
//                   is never split (edges are values, classes closed below), so with ties counts
//                   differ by up to the run's length; an edge that would repeat the one before
//                   moves up to the next greater value (and there may be fewer classes).
//   equal_interval  edges min + i·(max − min)/classes.
//   natural_breaks  Jenks' natural breaks: the partition of the sorted values into contiguous
//                   classes with the least sum of squared deviations from the class means, found
//                   exactly by Fisher's dynamic programming (W. D. Fisher, "On grouping for maximum
//                   homogeneity", JASA 53, 1958), over the distinct values with their counts.
//                   Exact for up to kNaturalBreaksExact values; beyond, on kNaturalBreaksExact
//                   values taken at evenly spaced ranks of the sorted values (deterministic; the
//                   smallest and largest among them), edges then apply to all the values.
std::vector<double> class_breaks(std::span<const double> values, ClassMethod method, int classes);

constexpr size_t kNaturalBreaksExact = 3000;
constexpr int kMaxClasses = 100;

// The class (0 .. edges.size() − 2) of a value; values below the first edge are in class 0, above
// the last in the last class; 0 when there are fewer than two edges.
int class_of(const std::vector<double>& edges, double value);

} // namespace oko::geo
