namespace Growbin.ResponseGenerator.Korean;

/// <summary>
/// The dataset writes its steps and cautions in the plain style of a manual (한다체: "물로 헹군다", "종이팩이 아니다");
/// answers speak to the person in 해요체 ("물로 헹궈요"). This turns the sentence's last word into 해요체 and an
/// exception's "…할 때" into "…하면". It knows the regular conjugation (아/어 by vowel harmony, vowel contraction, ㅡ
/// dropping) and the irregular classes (르, ㅂ, ㅎ, ㄹ before ㄴ), plus a short list of words the rules cannot tell
/// apart from spelling alone; a sentence it cannot read is left as it is rather than guessed at.
/// </summary>
public static class PoliteSpeech
{
    // The stem's last syllable → its 해요 form, for stems whose conjugation spelling cannot predict
    // (돕다 → 도와요 but 잡다 → 잡아요; 붓다 → 부어요 but 씻다 → 씻어요; 듣다 → 들어요 but 닫다 → 닫아요).
    private static readonly Dictionary<char, string> IrregularStems = new()
    {
        ['돕'] = "도와", ['굽'] = "구워", ['눕'] = "누워", ['줍'] = "주워",
        ['붓'] = "부어", ['짓'] = "지어", ['잇'] = "이어", ['긋'] = "그어", ['낫'] = "나아",
        ['듣'] = "들어", ['싣'] = "실어",
    };

    // ㄹ-stem verbs drop their ㄹ before ㄴ (만들다 → 만든다): the plain form alone does not show the ㄹ. Whole words,
    // so that 비운다 (비우다) is not read as 운다 (울다).
    private static readonly Dictionary<string, string> RieulStemVerbs = new(StringComparer.Ordinal)
    {
        ["만든다"] = "만들어요", ["흔든다"] = "흔들어요", ["매단다"] = "매달아요", ["연다"] = "열어요", ["민다"] = "밀어요",
        ["분다"] = "불어요", ["논다"] = "놀아요", ["단다"] = "달아요", ["건다"] = "걸어요", ["튼다"] = "틀어요",
        ["든다"] = "들어요", ["푼다"] = "풀어요", ["썬다"] = "썰어요", ["판다"] = "팔아요",
    };

    // 르 stems that only drop ㅡ (따르다 → 따라요) instead of doubling ㄹ (다르다 → 달라요).
    private static readonly HashSet<string> RegularReuStems = new(StringComparer.Ordinal) { "따르", "치르", "들르" };

    // Nouns ending in 이: "종이다" is 종이 + 다 (종이예요), not 종 + 이다 (종이에요).
    private static readonly string[] NounsEndingInI = ["종이", "고양이", "오이", "아이"];

    // Adjectives whose stem ends in an open syllable other than ㅡ; without the list "비싸다" would read as a noun.
    private static readonly HashSet<string> OpenStemAdjectives = new(StringComparer.Ordinal) { "비싸", "싸", "짜", "느리", "흐리", "이르" };

    /// <summary>
    /// The sentence in 해요체, without a final period: "물로 헹군다" → "물로 헹궈요", "넣는다(지역 안내)" →
    /// "넣어요(지역 안내)". False when the sentence does not end in a plain-style predicate it can read.
    /// </summary>
    public static bool TryToHaeyo(string sentence, out string polite)
    {
        var (core, note) = SplitTrailingNote(sentence.Trim().TrimEnd('.'));
        var space = core.LastIndexOf(' ');
        var word = core[(space + 1)..];
        if (PoliteWord(word) is { } converted)
        {
            // A note that is a sentence of its own speaks the same way: "(물약은 안 된다)" → "(물약은 안 돼요)".
            if (note.TrimStart().StartsWith('(') && TryToHaeyo(note.Trim()[1..^1], out var politeNote))
            {
                note = note[..note.IndexOf('(')] + "(" + politeNote + ")";
            }

            polite = core[..(space + 1)] + converted + note;
            return true;
        }

        polite = sentence.Trim();
        return false;
    }

    /// <summary>
    /// An exception's condition as a clause that ends in "-면": "기름이 씻기지 않을 때" → "기름이 씻기지 않으면",
    /// "유리 젖병일 때" → "유리 젖병이면". <paramref name="note"/> is a trailing parenthesis ("(지역 안내)"), for the
    /// end of the sentence. False when the condition is not a "… 때" clause (e.g. a noun: "달걀 껍데기").
    /// </summary>
    public static bool TryToConditional(string when, out string conditional, out string note)
    {
        (var core, note) = SplitTrailingNote(when.Trim());
        conditional = core;
        if (!core.EndsWith('때'))
        {
            return false;
        }

        var clause = core[..^1].TrimEnd();
        if (clause.Length == 0 || !Hangul.IsSyllable(clause[^1]))
        {
            return false;
        }

        // "자투리일 때" → "자투리면": after an open syllable the copula's 이 is dropped, as it is spoken.
        if (clause.Length >= 2 && clause[^1] == '일' && Hangul.IsSyllable(clause[^2]) && Hangul.Split(clause[^2]).Final == Hangul.NoFinal)
        {
            conditional = clause[..^1] + "면";
            return true;
        }

        if (clause.EndsWith('을'))
        {
            conditional = clause[..^1] + "으면";
            return true;
        }

        if (Hangul.Split(clause[^1]).Final == Hangul.FinalRieul)
        {
            conditional = clause[..^1] + Hangul.WithFinal(clause[^1], Hangul.NoFinal) + "면";
            return true;
        }

        return false;
    }

    /// <summary>The text and a parenthesis at its very end, which stays after the converted word.</summary>
    public static (string Core, string Note) SplitTrailingNote(string text)
    {
        if (!text.EndsWith(')'))
        {
            return (text, "");
        }

        var depth = 0;
        for (var i = text.Length - 1; i > 0; i--)
        {
            depth += text[i] switch { ')' => 1, '(' => -1, _ => 0 };
            if (depth == 0)
            {
                var core = text[..i].TrimEnd();
                return core.Length == 0 ? (text, "") : (core, text[core.Length..]);
            }
        }

        return (text, "");
    }

    private static string? PoliteWord(string word)
    {
        if (word.Length < 2 || word[^1] != '다' || !Hangul.IsSyllable(word[^2]))
        {
            return null;
        }

        if (word == "아니다")
        {
            return "아니에요";
        }

        if (RieulStemVerbs.TryGetValue(word, out var rieul))
        {
            return rieul;
        }

        if (word.EndsWith("만든다", StringComparison.Ordinal) || word.EndsWith("흔든다", StringComparison.Ordinal))
        {
            return word[..^2] + "들어요";
        }

        // 한다 (verb) and 하다 (adjective): 확인한다 → 확인해요, 깨끗하다 → 깨끗해요.
        if (word.EndsWith("한다", StringComparison.Ordinal) || word.EndsWith("하다", StringComparison.Ordinal))
        {
            return word[..^2] + "해요";
        }

        // A verb whose stem ends in a consonant: 넣는다 → 넣어요, 닫는다 → 닫아요.
        if (word.Length >= 3 && word.EndsWith("는다", StringComparison.Ordinal) && Hangul.IsSyllable(word[^3])
            && Hangul.Split(word[^3]).Final != Hangul.NoFinal)
        {
            return Conjugate(word[..^2]) + "요";
        }

        var before = word[^2];
        var final = Hangul.Split(before).Final;

        // A verb whose open stem took ㄴ: 버린다 → 버리 → 버려요, 헹군다 → 헹구 → 헹궈요.
        if (final == Hangul.FinalNieun)
        {
            return Conjugate(word[..^2] + Hangul.WithFinal(before, Hangul.NoFinal)) + "요";
        }

        var stem = word[..^1];
        if (word.EndsWith("이다", StringComparison.Ordinal) && word.Length >= 3)
        {
            if (NounsEndingInI.Any(noun => stem.EndsWith(noun, StringComparison.Ordinal)))
            {
                return stem + "예요";
            }

            var noun = word[..^2];
            return Hangul.IsSyllable(noun[^1]) && Hangul.Split(noun[^1]).Final != Hangul.NoFinal ? noun + "이에요" : noun + "예요";
        }

        if (final == Hangul.NoFinal)
        {
            // An open stem in the plain form is an adjective in ㅡ (크다, 다르다) or a listed one; else a noun + 다.
            return Hangul.Split(before).Vowel == Hangul.VowelEu || OpenStemAdjectives.Contains(stem) ? Conjugate(stem) + "요" : stem + "예요";
        }

        // An adjective, 있다/없다, or a past form (했다).
        return AdjectiveStem(stem) + "요";
    }

    private static string AdjectiveStem(string stem)
    {
        var last = stem[^1];
        var (_, vowel, final) = Hangul.Split(last);
        var head = stem[..^1];
        if (final == Hangul.FinalBieup && last != '좁' && !IrregularStems.ContainsKey(last))
        {
            // ㅂ-irregular adjectives: 어렵다 → 어려워요, 쉽다 → 쉬워요 (좁다 → 좁아요 is regular).
            return head + Hangul.WithFinal(last, Hangul.NoFinal) + "워";
        }

        if (final == Hangul.FinalHieut && last != '좋')
        {
            // ㅎ-irregular adjectives: 그렇다 → 그래요, 하얗다 → 하얘요.
            return head + Hangul.Join(Hangul.Split(last).Initial, vowel == Hangul.VowelYa ? Hangul.VowelYae : Hangul.VowelAe, Hangul.NoFinal);
        }

        return Conjugate(stem);
    }

    /// <summary>The stem with its 아/어 ending, contracted as it is written: 가 → 가, 보 → 봐, 주 → 줘, 버리 → 버려.</summary>
    private static string Conjugate(string stem)
    {
        var last = stem[^1];
        var head = stem[..^1];
        if (last == '하')
        {
            return head + "해";
        }

        if (IrregularStems.TryGetValue(last, out var irregular))
        {
            return head + irregular;
        }

        var (initial, vowel, final) = Hangul.Split(last);
        if (final != Hangul.NoFinal)
        {
            return stem + (Hangul.HasBrightVowel(last) ? "아" : "어");
        }

        return vowel switch
        {
            Hangul.VowelO => head + Hangul.WithVowel(last, Hangul.VowelWa),
            Hangul.VowelU => head + Hangul.WithVowel(last, Hangul.VowelWo),
            Hangul.VowelI => head + Hangul.WithVowel(last, Hangul.VowelYeo),
            Hangul.VowelOe => head + Hangul.WithVowel(last, Hangul.VowelWae),
            Hangul.VowelEu => DropEu(stem),
            Hangul.VowelA or Hangul.VowelAe or Hangul.VowelYa or Hangul.VowelYae or Hangul.VowelEo or Hangul.VowelE
                or Hangul.VowelYeo or Hangul.VowelYe or Hangul.VowelWa or Hangul.VowelWae or Hangul.VowelWo or Hangul.VowelWe => stem,
            _ => stem + "어",
        };

        string DropEu(string eu)
        {
            var bright = head.Length > 0 && Hangul.IsSyllable(head[^1]) && Hangul.HasBrightVowel(head[^1]);
            if (last == '르' && head.Length > 0 && Hangul.IsSyllable(head[^1]) && !RegularReuStems.Contains(eu))
            {
                // 르-irregular: 다르다 → 달라요, 누르다 → 눌러요.
                return head[..^1] + Hangul.WithFinal(head[^1], Hangul.FinalRieul) + (bright ? "라" : "러");
            }

            return head + Hangul.Join(initial, bright ? Hangul.VowelA : Hangul.VowelEo, Hangul.NoFinal);
        }
    }
}
