#pragma once
// A linked vertex + fragment program; uniforms looked up by name once and cached.

#include <string>
#include <unordered_map>

namespace oko::render {

class ShaderProgram {
public:
    ShaderProgram(const char* name, const char* vertex_source, const char* fragment_source);
    ~ShaderProgram();
    ShaderProgram(const ShaderProgram&) = delete;
    ShaderProgram& operator=(const ShaderProgram&) = delete;

    void use() const;
    int uniform(const char* name); // -1 when the driver optimised it away

    void set(const char* name, float v);
    void set(const char* name, float x, float y);
    void set(const char* name, float x, float y, float z, float w);
    void set_int(const char* name, int v);

private:
    unsigned m_program = 0;
    std::string m_name;
    std::unordered_map<std::string, int> m_uniforms;
};

} // namespace oko::render
