"""The synthetic spoken question-answering world of the built-in model.

Every question is a short lowercase English sentence without punctuation; every answer is one to
three words. The world is fully determined by a seed (only the made-up facts about people are
drawn at random), so a retraining run rebuilds exactly the same world.
"""

import random

NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                "seventeen", "eighteen", "nineteen"]
TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy",
        8: "eighty", 9: "ninety"}


def number_words(n):
    """0..100 as words: 7 -> 'seven', 42 -> 'forty two', 100 -> 'one hundred'."""
    if not 0 <= n <= 100:
        raise ValueError("number out of range: %d" % n)
    if n == 100:
        return "one hundred"
    if n < 20:
        return NUMBER_WORDS[n]
    tens, unit = divmod(n, 10)
    return TENS[tens] if unit == 0 else TENS[tens] + " " + NUMBER_WORDS[unit]


def article(noun):
    return ("an " if noun[0] in "aeiou" else "a ") + noun


# smallest to biggest
SIZE_ORDER = ["ant", "bee", "coin", "mouse", "cup", "apple", "book", "rabbit", "cat", "chair",
              "dog", "table", "sheep", "horse", "car", "elephant", "bus", "house", "whale",
              "ship", "mountain", "moon", "sun"]

COLOURS = [("a banana", "yellow"), ("a lemon", "yellow"), ("the grass", "green"),
           ("a leaf", "green"), ("a frog", "green"), ("the sky", "blue"), ("the sea", "blue"),
           ("the snow", "white"), ("milk", "white"), ("a cloud", "white"), ("coal", "black"),
           ("a crow", "black"), ("a tomato", "red"), ("blood", "red"),
           ("a strawberry", "red"), ("a cherry", "red"), ("a carrot", "orange"),
           ("a pumpkin", "orange"), ("chocolate", "brown"), ("bread", "brown"),
           ("a pig", "pink"), ("a flamingo", "pink"), ("a plum", "purple"),
           ("a grape", "purple"), ("a cucumber", "green"), ("an elephant", "grey"),
           ("a mouse", "grey"), ("the sun", "yellow"), ("a polar bear", "white"),
           ("a zebra", "black and white"), ("a panda", "black and white"),
           ("a tiger", "orange"), ("a fox", "orange"), ("a lime", "green"),
           ("a penguin", "black and white"), ("a swan", "white"), ("a ruby", "red"),
           ("an emerald", "green"), ("a sapphire", "blue"), ("gold", "yellow")]

SOUNDS = [("dog", "bark"), ("cat", "meow"), ("cow", "moo"), ("sheep", "baa"), ("duck", "quack"),
          ("pig", "oink"), ("lion", "roar"), ("horse", "neigh"), ("owl", "hoot"), ("bee", "buzz"),
          ("snake", "hiss"), ("mouse", "squeak"), ("wolf", "howl"), ("frog", "croak"),
          ("bird", "tweet"), ("donkey", "bray"), ("hen", "cluck"), ("crow", "caw")]

LEGS = [("dog", 4), ("cat", 4), ("cow", 4), ("spider", 8), ("ant", 6), ("bee", 6), ("bird", 2),
        ("duck", 2), ("hen", 2), ("snake", 0), ("fish", 0), ("horse", 4), ("sheep", 4),
        ("crab", 10), ("octopus", 8), ("frog", 4), ("lion", 4), ("whale", 0), ("snail", 0),
        ("beetle", 6), ("fly", 6), ("penguin", 2), ("owl", 2), ("goat", 4), ("tiger", 4)]

HOMES = [("fish", "water"), ("whale", "sea"), ("shark", "sea"), ("crab", "sea"),
         ("octopus", "sea"), ("camel", "desert"), ("bee", "hive"), ("bird", "nest"),
         ("dog", "kennel"), ("horse", "stable"), ("cow", "farm"), ("sheep", "farm"),
         ("hen", "farm"), ("lion", "grassland"), ("monkey", "jungle"), ("tiger", "jungle"),
         ("parrot", "jungle"), ("bear", "forest"), ("fox", "forest"), ("wolf", "forest"),
         ("owl", "forest"), ("penguin", "ice"), ("rabbit", "burrow"), ("frog", "pond"),
         ("duck", "pond"), ("snake", "grass"), ("spider", "web"), ("ant", "hill")]

OPPOSITES = [("hot", "cold"), ("big", "small"), ("up", "down"), ("fast", "slow"),
             ("day", "night"), ("happy", "sad"), ("old", "young"), ("tall", "short"),
             ("wet", "dry"), ("light", "dark"), ("open", "closed"), ("full", "empty"),
             ("hard", "soft"), ("rich", "poor"), ("early", "late"), ("left", "right"),
             ("loud", "quiet"), ("strong", "weak"), ("thick", "thin"), ("push", "pull"),
             ("win", "lose"), ("on", "off"), ("yes", "no"), ("good", "bad"),
             ("first", "last"), ("near", "far"), ("high", "low"), ("clean", "dirty"),
             ("sweet", "sour"), ("buy", "sell"), ("give", "take"), ("laugh", "cry"),
             ("come", "go"), ("true", "false"), ("north", "south"), ("east", "west"),
             ("love", "hate"), ("above", "below")]

CAPITALS = [("france", "paris"), ("spain", "madrid"), ("italy", "rome"), ("germany", "berlin"),
            ("england", "london"), ("japan", "tokyo"), ("china", "beijing"),
            ("russia", "moscow"), ("egypt", "cairo"), ("greece", "athens"),
            ("portugal", "lisbon"), ("ireland", "dublin"), ("norway", "oslo"),
            ("sweden", "stockholm"), ("finland", "helsinki"), ("poland", "warsaw"),
            ("austria", "vienna"), ("hungary", "budapest"), ("kenya", "nairobi"),
            ("peru", "lima"), ("chile", "santiago"), ("cuba", "havana"), ("canada", "ottawa"),
            ("india", "delhi"), ("turkey", "ankara"), ("iran", "tehran"), ("iraq", "baghdad"),
            ("thailand", "bangkok"), ("korea", "seoul"), ("brazil", "brasilia"),
            ("australia", "canberra"), ("denmark", "copenhagen"), ("belgium", "brussels")]

PEOPLE = ["anna", "ben", "carl", "dora", "emma", "frank", "grace", "harry", "ivy", "jack",
          "kate", "leo", "mia", "nick", "olga", "paul", "rosa", "sam", "tina", "victor",
          "wendy", "zoe", "bella", "chris", "daisy", "eric", "fiona", "george", "hannah",
          "ian", "julia", "kevin", "laura", "mark", "nora", "oscar", "peter", "ruby"]
FOODS = ["pizza", "rice", "soup", "cake", "cheese", "pasta", "salad", "eggs", "noodles",
         "apples", "bread", "fish"]
PETS = ["dog", "cat", "rabbit", "fish", "bird", "mouse", "horse", "snake", "frog", "duck"]


def _family_items(smoke):
    fam = {}
    n_add = 6 if smoke else 21
    fam["plus"] = [("what is %s plus %s" % (number_words(a), number_words(b)), number_words(a + b))
                   for a in range(n_add) for b in range(n_add)]
    fam["minus"] = [("what is %s minus %s" % (number_words(a), number_words(b)),
                     number_words(a - b)) for a in range(n_add) for b in range(a + 1)]
    n_mul = 4 if smoke else 11
    fam["times"] = [("what is %s times %s" % (number_words(a), number_words(b)),
                     number_words(a * b)) for a in range(1, n_mul) for b in range(1, n_mul)]
    n_seq = 10 if smoke else 99
    fam["after"] = [("what comes after %s" % number_words(n), number_words(n + 1))
                    for n in range(n_seq)]
    fam["before"] = [("what comes before %s" % number_words(n), number_words(n - 1))
                     for n in range(1, n_seq + 1)]
    n_cmp = 6 if smoke else 21
    fam["more"] = [("which is more %s or %s" % (number_words(a), number_words(b)),
                    number_words(max(a, b)))
                   for a in range(n_cmp) for b in range(n_cmp) if a != b]
    sizes = SIZE_ORDER[:6] if smoke else SIZE_ORDER
    rank = {w: i for i, w in enumerate(sizes)}
    fam["bigger"] = [("which is bigger %s or %s" % (article(x), article(y)),
                      x if rank[x] > rank[y] else y)
                     for x in sizes for y in sizes if x != y]
    fam["smaller"] = [("which is smaller %s or %s" % (article(x), article(y)),
                       x if rank[x] < rank[y] else y)
                      for x in sizes for y in sizes if x != y]
    cut = (lambda xs: xs[:5]) if smoke else (lambda xs: xs)
    fam["colour"] = [("what colour is %s" % thing, colour) for thing, colour in cut(COLOURS)]
    fam["sound"] = [("what sound does %s make" % article(a), s) for a, s in cut(SOUNDS)]
    fam["legs"] = [("how many legs does %s have" % article(a), number_words(n))
                   for a, n in cut(LEGS)]
    fam["home"] = [("where does %s live" % article(a), h) for a, h in cut(HOMES)]
    fam["opposite"] = ([("what is the opposite of %s" % a, b) for a, b in cut(OPPOSITES)]
                       + [("what is the opposite of %s" % b, a) for a, b in cut(OPPOSITES)])
    fam["capital"] = [("what is the capital of %s" % c, k) for c, k in cut(CAPITALS)]
    fam["country"] = [("which country is %s in" % k, c) for c, k in cut(CAPITALS)]
    return fam


def build_world(seed=1234, smoke=False, test_fraction=0.15):
    """Returns the world: a dict with 'items' (id, task, question, answer, split)."""
    rng = random.Random(seed)
    fam = _family_items(smoke)
    people = PEOPLE[:4] if smoke else PEOPLE
    cities = [k for _, k in CAPITALS]
    fam["lives"] = []
    fam["eats"] = []
    fam["pet"] = []
    for name in people:
        fam["lives"].append(("where does %s live" % name, rng.choice(cities)))
        fam["eats"].append(("what does %s eat" % name, rng.choice(FOODS)))
        fam["pet"].append(("which pet does %s have" % name, rng.choice(PETS)))
    if smoke:
        for k in list(fam):
            fam[k] = fam[k][:6]
    items = []
    seen = set()
    for task in sorted(fam):
        pairs = fam[task]
        order = list(range(len(pairs)))
        rng.shuffle(order)
        n_test = max(1, int(round(test_fraction * len(pairs))))
        test_idx = set(order[:n_test])
        for i, (q, a) in enumerate(pairs):
            if q in seen:
                raise ValueError("duplicate question in world: " + q)
            seen.add(q)
            items.append({"task": task, "question": q, "answer": a,
                          "split": "test" if i in test_idx else "train"})
    for n, it in enumerate(items):
        it["id"] = "%s-%04d" % (it["task"], n)
    return {"seed": seed, "smoke": smoke, "items": items}


TEMPLATE_WORDS = ["question", ":", "answer", "repeat"]


def vocabulary(world):
    """Sorted word list of everything the world and the prompt templates use."""
    words = set(TEMPLATE_WORDS)
    for it in world["items"]:
        words.update(it["question"].split())
        words.update(it["answer"].split())
    return sorted(words)
