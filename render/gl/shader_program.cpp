#include "render/gl/shader_program.hpp"

#include <glad/gl.h>

#include <stdexcept>
#include <vector>

namespace oko::render {

namespace {

GLuint compile(GLenum type, const char* source, const std::string& name) {
    GLuint shader = glCreateShader(type);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        GLint length = 0;
        glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
        std::vector<char> log(static_cast<size_t>(length) + 1);
        glGetShaderInfoLog(shader, length, nullptr, log.data());
        glDeleteShader(shader);
        throw std::runtime_error("shader " + name + (type == GL_VERTEX_SHADER ? " (vertex)" : " (fragment)") +
                                 " does not compile: " + log.data());
    }
    return shader;
}

} // namespace

ShaderProgram::ShaderProgram(const char* name, const char* vertex_source, const char* fragment_source) : m_name(name) {
    GLuint vs = compile(GL_VERTEX_SHADER, vertex_source, m_name);
    GLuint fs = 0;
    try {
        fs = compile(GL_FRAGMENT_SHADER, fragment_source, m_name);
    } catch (...) {
        glDeleteShader(vs);
        throw;
    }
    m_program = glCreateProgram();
    glAttachShader(m_program, vs);
    glAttachShader(m_program, fs);
    glLinkProgram(m_program);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(m_program, GL_LINK_STATUS, &ok);
    if (!ok) {
        GLint length = 0;
        glGetProgramiv(m_program, GL_INFO_LOG_LENGTH, &length);
        std::vector<char> log(static_cast<size_t>(length) + 1);
        glGetProgramInfoLog(m_program, length, nullptr, log.data());
        glDeleteProgram(m_program);
        throw std::runtime_error("shader " + m_name + " does not link: " + log.data());
    }
}

ShaderProgram::~ShaderProgram() {
    if (m_program) glDeleteProgram(m_program);
}

void ShaderProgram::use() const { glUseProgram(m_program); }

int ShaderProgram::uniform(const char* name) {
    auto it = m_uniforms.find(name);
    if (it != m_uniforms.end()) return it->second;
    const int location = glGetUniformLocation(m_program, name);
    m_uniforms.emplace(name, location);
    return location;
}

void ShaderProgram::set(const char* name, float v) { glUniform1f(uniform(name), v); }
void ShaderProgram::set(const char* name, float x, float y) { glUniform2f(uniform(name), x, y); }
void ShaderProgram::set(const char* name, float x, float y, float z, float w) {
    glUniform4f(uniform(name), x, y, z, w);
}
void ShaderProgram::set_int(const char* name, int v) { glUniform1i(uniform(name), v); }

} // namespace oko::render
