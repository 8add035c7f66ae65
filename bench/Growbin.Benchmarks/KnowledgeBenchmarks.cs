using BenchmarkDotNet.Attributes;
using Growbin.Knowledge;

namespace Growbin.Benchmarks;

/// <summary>
/// The lookups rule-retriever and recycle-info make on every call, on the shipped dataset.
/// Goals (issues 4, 18): by id, name and alias ≤ 10 µs; a search that scans every name (typo, sentence) ≤ 200 µs.
/// </summary>
[MemoryDiagnoser]
public class KnowledgeBenchmarks
{
    private readonly KnowledgeBase _knowledge = KnowledgeBase.Default;
    private ItemMatcher _matcher = null!;

    [GlobalSetup]
    public void Setup() => _matcher = new ItemMatcher(_knowledge);

    [Benchmark(Description = "FindItem(id)")]
    public Item? FindById() => _knowledge.FindItem("milk-carton");

    [Benchmark(Description = "Match(id)")]
    public MatchResult MatchId() => _matcher.Match("milk-carton");

    [Benchmark(Description = "Match(alias) 우유곽")]
    public MatchResult MatchAlias() => _matcher.Match("우유곽");

    [Benchmark(Description = "Match(name + particle) 영수증은")]
    public MatchResult MatchWithParticle() => _matcher.Match("영수증은");

    [Benchmark(Description = "Match(typo) 스티로퐁")]
    public MatchResult MatchTypo() => _matcher.Match("스티로퐁");

    [Benchmark(Description = "Match(qualifier + name) 기름 묻은 피자 박스")]
    public MatchResult MatchQualifiedName() => _matcher.Match("기름 묻은 피자 박스");

    [Benchmark(Description = "Match(sentence) 어제 시켜 먹은 피자 박스랑 콜라 캔")]
    public MatchResult MatchSentence() => _matcher.Match("어제 시켜 먹은 피자 박스랑 콜라 캔");

    [Benchmark(Description = "Match(English plural) banana peels")]
    public MatchResult MatchEnglishPlural() => _matcher.Match("banana peels");

    [Benchmark(Description = "Match(English sentence) how do I throw away a pizza box")]
    public MatchResult MatchEnglishSentence() => _matcher.Match("how do I throw away a pizza box");

    [Benchmark(Description = "Match(colour qualifier) 초록 페트병")]
    public MatchResult MatchColour() => _matcher.Match("초록 페트병");

    [Benchmark(Description = "Match(no match) 블록체인")]
    public MatchResult MatchNothing() => _matcher.Match("블록체인");
}
