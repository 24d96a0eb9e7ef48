using Marketplace.Catalog.Sources;

namespace Marketplace.Catalog.Tests;

/// <summary>The git URLs a source may name, their one normal form, and what never reaches git as an option or a helper.</summary>
public sealed class RepositoryUrlsTests
{
    [Theory]
    [InlineData("https://github.com/anthropics/claude-code", "https://github.com/anthropics/claude-code")]
    [InlineData("https://GitHub.com/Acme/Tools.git/", "https://github.com/Acme/Tools")] // host lower-cased, path kept
    [InlineData("http://127.0.0.1:8080/repo", "http://127.0.0.1:8080/repo")]
    [InlineData("ssh://git@example.com:2222/acme/tools.git", "ssh://git@example.com:2222/acme/tools")]
    [InlineData("git://example.com/acme/tools", "git://example.com/acme/tools")]
    [InlineData("git@GitHub.com:acme/tools.git", "git@github.com:acme/tools")] // scp-like
    [InlineData("file:///srv/marketplaces/acme", "file:///srv/marketplaces/acme")]
    [InlineData("/srv/marketplaces/acme/", "file:///srv/marketplaces/acme")] // a local path is a file:// URL
    public void Normalize_GitUrl_HasOneNormalForm(string url, string expected)
    {
        Assert.Equal(expected, RepositoryUrls.Normalize(url, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-uhttps://example.com/x")] // would be an option to git
    [InlineData("--upload-pack=touch /tmp/pwned")]
    [InlineData("ext::sh -c touch% /tmp/pwned")] // a transport helper
    [InlineData("fd::17")]
    [InlineData("ftp://example.com/repo")]
    [InlineData("file://host/share/repo")] // file URLs name this machine only
    [InlineData("https:///no-host")]
    [InlineData("relative/path")]
    [InlineData("https://example.com/a b")]
    [InlineData("https://example.com/\u202erepo")]
    [InlineData("git@host:path:with:colons")]
    public void Normalize_NotAGitUrlGitMayRead_IsRefusedWithAReason(string url)
    {
        Assert.Null(RepositoryUrls.Normalize(url, out var problem));
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public void Normalize_LongerThanTheLimit_IsRefused() =>
        Assert.Null(RepositoryUrls.Normalize("https://example.com/" + new string('a', RepositoryUrls.MaxLength), out _));

    [Theory]
    [InlineData("file:///srv/a%20b", "/srv/a b")]
    [InlineData("https://example.com/x", null)]
    [InlineData("git@example.com:x", null)]
    public void LocalPathOf_OnlyFileUrls(string normalized, string? expected) => Assert.Equal(expected, RepositoryUrls.LocalPathOf(normalized));

    [Theory]
    [InlineData("main", true)]
    [InlineData("release/v2.1", true)]
    [InlineData("v1.0.0", true)]
    [InlineData("0123abcd", true)]
    [InlineData("-delete", false)] // an option
    [InlineData("a..b", false)]
    [InlineData("heads.lock", false)]
    [InlineData("trailing/", false)]
    [InlineData("a//b", false)]
    [InlineData("a b", false)]
    [InlineData("a:b", false)] // a refspec
    [InlineData("HEAD@{1}", false)]
    public void GitRefs_IsValid_OnlyWhatGitAllowsAndNoOption(string value, bool valid) => Assert.Equal(valid, GitRefs.IsValid(value));
}
