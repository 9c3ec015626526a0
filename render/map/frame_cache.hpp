#pragma once
// What MapRenderer keeps between frames so that a window redraws only what changed: the keys
// that say what a kept picture depends on (the labels, the basemap alone, the whole picture), and
// the kept pictures themselves, single-sampled renderbuffers that a frame copies (shifted, while
// panning) instead of drawing again. Internal to render/map.

#include "geo/base/types.hpp"
#include "geo/base/viewport.hpp"
#include "geo/scene/scene_spec.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace oko::render {

struct LabelKey {
    geo::XY center;
    double resolution = 0;
    int width = 0, height = 0;
    double device_scale = 0;
    float pixel_ratio = 0;
    std::array<bool, static_cast<size_t>(geo::BasemapLayer::Count)> layers{};
    bool labels = false;
    std::string attribution;
    bool labels_over_points = false;
    std::string reference_labels; // the labelled reference layers: name, opacity and field of each
    geo::Furniture furniture;

    bool operator==(const LabelKey& o) const {
        return center.x == o.center.x && center.y == o.center.y && resolution == o.resolution && width == o.width &&
               height == o.height && device_scale == o.device_scale && pixel_ratio == o.pixel_ratio &&
               layers == o.layers && labels == o.labels && attribution == o.attribution &&
               reference_labels == o.reference_labels && furniture == o.furniture &&
               labels_over_points == o.labels_over_points;
    }
};

// Everything the basemap part of a picture (fills and lines, under points and labels) depends on.
struct BaseKey {
    geo::Viewport view;
    geo::BasemapLook basemap;
    float pixel_ratio = 0;
    int width = 0, height = 0;
    uint64_t generation = 0;
    std::vector<geo::ReferenceLayerSpec> references; // drawn with the basemap

    bool operator==(const BaseKey& o) const {
        return width == o.width && height == o.height && generation == o.generation &&
               view.center.x == o.view.center.x && view.center.y == o.view.center.y &&
               view.resolution == o.view.resolution && view.width == o.view.width && view.height == o.view.height &&
               basemap == o.basemap && pixel_ratio == o.pixel_ratio &&
               std::equal(references.begin(), references.end(), o.references.begin(), o.references.end(),
                          [](const geo::ReferenceLayerSpec& x, const geo::ReferenceLayerSpec& y) {
                              return x.name == y.name && same_style(x.style, y.style);
                          });
    }
};

// Everything a picture drawn by MapRenderer::draw depends on.
struct FrameKey {
    geo::SceneSpec spec;
    int width = 0, height = 0;
    uint64_t generation = 0;

    bool operator==(const FrameKey& o) const {
        const auto& a = spec;
        const auto& b = o.spec;
        return width == o.width && height == o.height && generation == o.generation &&
               a.view.center.x == b.view.center.x && a.view.center.y == b.view.center.y &&
               a.view.resolution == b.view.resolution && a.view.width == b.view.width &&
               a.view.height == b.view.height && a.basemap == b.basemap && a.labels == b.labels &&
               a.labels_over_points == b.labels_over_points && a.attribution == b.attribution &&
               a.pixel_ratio == b.pixel_ratio && a.point_layers == b.point_layers && a.furniture == b.furniture &&
               std::equal(a.reference_layers.begin(), a.reference_layers.end(), b.reference_layers.begin(),
                          b.reference_layers.end(),
                          [](const geo::ReferenceLayerSpec& x, const geo::ReferenceLayerSpec& y) {
                              return x.name == y.name && same_style(x.style, y.style);
                          });
    }
};

// A single-sampled picture kept in a renderbuffer.
struct KeptPicture {
    unsigned fbo = 0, colour = 0;
    int width = 0, height = 0;

    ~KeptPicture() {
        if (fbo) glDeleteFramebuffers(1, &fbo);
        if (colour) glDeleteRenderbuffers(1, &colour);
    }
    void bind(int w, int h) {
        if (w != width || h != height) {
            if (!fbo) {
                glGenFramebuffers(1, &fbo);
                glGenRenderbuffers(1, &colour);
            }
            glBindRenderbuffer(GL_RENDERBUFFER, colour);
            glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
            glBindRenderbuffer(GL_RENDERBUFFER, 0);
            glBindFramebuffer(GL_FRAMEBUFFER, fbo);
            glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour);
            width = w;
            height = h;
        }
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    }
    // Moved by (dx, dy) GL pixels; what moves out is dropped, what comes in is left as it was.
    void copy_to(unsigned target, int dx = 0, int dy = 0) const {
        const int x0 = std::max(0, -dx), y0 = std::max(0, -dy);
        const int x1 = std::min(width, width - dx), y1 = std::min(height, height - dy);
        glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target);
        glBlitFramebuffer(x0, y0, x1, y1, x0 + dx, y0 + dy, x1 + dx, y1 + dy, GL_COLOR_BUFFER_BIT, GL_NEAREST);
        glBindFramebuffer(GL_FRAMEBUFFER, target);
    }
    void swap(KeptPicture& o) noexcept {
        std::swap(fbo, o.fbo);
        std::swap(colour, o.colour);
        std::swap(width, o.width);
        std::swap(height, o.height);
    }
};

} // namespace oko::render
