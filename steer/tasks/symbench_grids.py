"""Seeded generators for SymBench's grid tasks.

Each solver is a plain function of the instance's inputs; tests run it over every stored SymBench instance and
require it to reproduce the stored reference, so generated references are exactly as right as the anchor's.
Question texts are built by functions the tests also apply to stored inputs, so wording cannot drift.
"""

from __future__ import annotations

import random
from typing import Any

from steer.tasks.symbench_logic import draws, generator

__all__ = [
    "find_square", "game2048_question", "grid_text", "letter_logic_question", "lights_question", "move_2048",
    "pattern_complexity", "pattern_question", "pool", "pooling_question", "press_buttons", "reversi",
    "reversi_question", "reversi_start", "rotate", "rotation_question", "solve_letter_logic", "solve_sudoku",
    "square_sizes", "sudoku_question",
]

Grid = list[list[int]]
Made = tuple[str, Any, dict[str, Any]]


# --- pooling -------------------------------------------------------------------------------------------------

def pool(matrix: Grid, window: int, kind: str) -> list[list[float]]:
    """Stride-1 pooling; the average is `sum / window**2` in float, exactly as the anchor computed it."""
    k = len(matrix) - window + 1
    cells = [[[matrix[i + a][j + b] for a in range(window) for b in range(window)] for j in range(k)] for i in range(k)]
    return [[max(w) if kind == "max" else sum(w) / (window * window) for w in row] for row in cells]


def pooling_question(matrix: Grid, window: int, kind: str) -> str:
    what, values = ("finding the maximum value", "maximum") if kind == "max" else (
        "calculating the average value", "average")
    rows = "\n".join(", ".join(map(str, r)) for r in matrix)
    return (f"In an N*N grid, there are N^2 numbers, with numbers in the same row separated by commas. We define the "
            f"\"{kind} pooling\" operation: suppose that there is an n*n (n<N) sliding window, which slides from left "
            f"to right or from top to bottom in the matrix, {what} in each sliding window. Then, the {values} values "
            f"are arranged according to their original positions to form a new matrix for output.\n"
            f"Now, please perform {kind} pooling on the following matrix by using a {window}*{window} sliding window:\n"
            f"{rows}\nFor example, <<<0,0,0,0>>> represents a 2D array.")


@generator("pooling", size=[3, 6], window=[2, 3], pooling=["max", "average"])
def _pooling(rng: random.Random, size: list[int], window: list[int], pooling: list[str]) -> Made:
    """Anchor ranges (values -10..20); the window is kept smaller than the matrix, as the rules require."""
    n = rng.randint(*size)
    w = min(rng.randint(*window), n - 1)
    kind = rng.choice(pooling)
    matrix = [[rng.randint(-10, 20) for _ in range(n)] for _ in range(n)]
    complexity = min(max(n // 2 + (w > 2) + (n - w > 3), 1), 5)
    ref = {"matrix": matrix, "window_size": w, "pooling_type": kind, "solution": pool(matrix, w, kind),
           "complexity": complexity}
    return pooling_question(matrix, w, kind), ref, {}


# --- matrix transformation -----------------------------------------------------------------------------------

_CONTENT = {"letters": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "numbers": "123456789",
            "mixed": "ABCDEFGHIJKLMNOPQRSTUVWXYZ123456789", "symbols": "!@#$%^&*"}


def rotate(matrix: list[list[str]]) -> list[list[str]]:
    """90 degrees clockwise: the last row becomes the first column."""
    return [list(col) for col in zip(*matrix[::-1])]


def rotation_question(matrix: list[list[str]]) -> str:
    rows = "\n".join(" ".join(r) for r in matrix)
    return ("Given a 2D array of strings, which represents a letter matrix. Your task is to rotate this matrix 90 "
            f"degrees clockwise and output the result.\nIf the matrix is \n{rows}.\nWhat is the result?\n"
            "Return your answer with format <<<list of values and symbols>>>, For example, <<<A,B,C,D>>> represents "
            "a 2D array.")


@generator("matrix_transformation", rows=[2, 4], cols=[2, 4], content=["letters", "numbers", "mixed"])
def _matrix_transformation(rng: random.Random, rows: list[int], cols: list[int],
                           content: list[str]) -> Made:
    """The anchor's "symbols" content is opt-in only: the token verifier ignores every symbol but '*', so such
    instances barely check anything."""
    kind = rng.choice(content)
    r, c = rng.randint(*rows), rng.randint(*cols)
    matrix = [[rng.choice(_CONTENT[kind]) for _ in range(c)] for _ in range(r)]
    sol = rotate(matrix)
    complexity = min(min(r * c // 4, 3) + (2 if kind in ("mixed", "symbols") else 1), 5)
    ref = {"matrix": matrix, "solution": sol, "formatted_solution": ",".join(x for row in sol for x in row),
           "complexity": complexity}
    return rotation_question(matrix), ref, {}


# --- 2048 ----------------------------------------------------------------------------------------------------

_STEP = {"u": (-1, 0), "d": (1, 0), "l": (0, -1), "r": (0, 1)}


def move_2048(grid: Grid, start: tuple[int, int] | list[int], moves: str) -> Grid:
    """One tile walks one cell per move: into an empty cell, or merging into an equal tile; else it stays."""
    g = [row[:] for row in grid]
    x, y = start
    for m in moves:
        nx, ny = x + _STEP[m][0], y + _STEP[m][1]
        if 0 <= nx < len(g) and 0 <= ny < len(g) and g[nx][ny] in (0, g[x][y]):
            g[nx][ny], g[x][y] = g[nx][ny] + g[x][y], 0
            x, y = nx, ny
    return g


def grid_text(grid: Grid) -> str:
    return "\n".join(", ".join(map(str, r)) for r in grid)


def game2048_question(grid: Grid, start: tuple[int, int] | list[int], moves: str) -> str:
    n = len(grid)
    return (f"In an {n}x{n} grid, there are several squares containing powers of 2. We define the '2048' game: The "
            "numbers in the grid can move in any direction. When they encounter a number that is the same power of "
            "2, they can combine to form a larger number that is the next power of 2. For example: 2 meets 2 -> 4; "
            "4 meets 4 -> 8; 16 meets 16 -> 32. When they encounter a different number, they remain unchanged.\n"
            "u: represents moving up one step\nd: represents moving down one step\n"
            "l: represents moving left one step\nr: represents moving right one step\n\n"
            f"Now, in the following matrix, move the number in position ({start[0] + 1}, {start[1] + 1}) using the "
            f"sequence '{moves}':\n{grid_text(grid)}\n\nWhat is the matrix after moving?\n"
            "Return your answer with format <<<matrix>>>.")


@generator("game2048", size=[2, 5], moves=[2, 6])
def _game2048(rng: random.Random, size: list[int], moves: list[int]) -> Made:
    """Anchor tile counts and values, but the walking tile is always a real tile (the anchor often started on
    an empty cell, which leaves the grid unchanged)."""
    n, k = rng.randint(*size), rng.randint(*moves)
    cells = rng.sample([(i, j) for i in range(n) for j in range(n)], rng.randint(n, min(2 * n, n * n)))
    grid = [[0] * n for _ in range(n)]
    for i, j in cells:
        grid[i][j] = rng.choice([2, 4, 8, 16, 32])
    start = list(rng.choice(cells))
    seq = "".join(rng.choice("udlr") for _ in range(k))
    complexity = min(1 + (n > 3) + (n > 4) + (k > 3) + (k > 5) + (len(cells) > n * 1.5), 5)
    ref = {"grid": grid, "moves": seq, "start_pos": start, "solution": grid_text(move_2048(grid, start, seq)),
           "complexity": complexity}
    return game2048_question(grid, start, seq), ref, {}


# --- sudoku --------------------------------------------------------------------------------------------------

def _box(r: int, c: int) -> int:
    return r // 3 * 3 + c // 3


def solve_sudoku(puzzle: Grid, limit: int = 2, rng: random.Random | None = None) -> list[Grid]:
    """Up to `limit` completions (0 = empty), by most-constrained-cell backtracking on bitmasks; two are enough
    to tell a unique puzzle from an ambiguous one. With `rng` digits are tried in random order (to build grids)."""
    g = [row[:] for row in puzzle]
    rows, cols, boxes = [0] * 9, [0] * 9, [0] * 9
    for r in range(9):
        for c in range(9):
            if v := g[r][c]:
                bit = 1 << v
                if (rows[r] | cols[c] | boxes[_box(r, c)]) & bit:
                    return []
                rows[r] |= bit
                cols[c] |= bit
                boxes[_box(r, c)] |= bit
    empty = [(r, c) for r in range(9) for c in range(9) if not g[r][c]]
    out: list[Grid] = []

    def search() -> None:
        best, best_opts = -1, []
        for i, (r, c) in enumerate(empty):
            if g[r][c]:
                continue
            used = rows[r] | cols[c] | boxes[_box(r, c)]
            opts = [v for v in range(1, 10) if not used >> v & 1]
            if best < 0 or len(opts) < len(best_opts):
                best, best_opts = i, opts
                if len(opts) <= 1:
                    break
        if best < 0:
            out.append([row[:] for row in g])
            return
        r, c = empty[best]
        if rng is not None:
            rng.shuffle(best_opts)
        for v in best_opts:
            bit = 1 << v
            g[r][c] = v
            rows[r] |= bit
            cols[c] |= bit
            boxes[_box(r, c)] |= bit
            search()
            g[r][c] = 0
            rows[r] &= ~bit
            cols[c] &= ~bit
            boxes[_box(r, c)] &= ~bit
            if len(out) >= limit:
                return

    search()
    return out


def sudoku_question(puzzle: Grid) -> str:
    rows = "\n".join(",".join(str(v) if v else " " for v in r) for r in puzzle)
    return ("Given a 9*9 Sudoku grid, each cell must be filled with a number between 1 and 9. No number may appear "
            "more than once in the same row, column, or 3*3 subgrid. Some cells are pre-filled. Please fill the "
            f"remaining empty cells.\n{rows}\n\nReturn your answer in the format: <<<a 9*9 matrix>>>.")


@generator("sudoku", removed=[51, 55])
def _sudoku(rng: random.Random, removed: list[int]) -> Made:
    """As the anchor: a random full grid, then cells blanked in random order only while the solution stays
    unique, so `removed` is a target that very dense blanking may fall short of (metadata has the real count)."""
    solution = solve_sudoku([[0] * 9 for _ in range(9)], limit=1, rng=rng)[0]
    puzzle = [row[:] for row in solution]
    target, blank = rng.randint(*removed), 0
    cells = [(r, c) for r in range(9) for c in range(9)]
    rng.shuffle(cells)
    for r, c in cells:
        if blank >= target:
            break
        puzzle[r][c] = 0
        if len(solve_sudoku(puzzle)) == 1:
            blank += 1
        else:
            puzzle[r][c] = solution[r][c]
    complexity = 1 if blank <= 35 else 2 if blank <= 40 else 3 if blank <= 45 else 4 if blank <= 50 else 5
    return sudoku_question(puzzle), {"puzzle": puzzle, "solution": solution, "complexity": complexity}, {
        "removed": blank}


# --- light puzzles -------------------------------------------------------------------------------------------

def press_buttons(initial: Grid, buttons: dict[str, list[list[int]]], operations: list[str]) -> list[int]:
    """Each press toggles the button's (1-based) cells; the answer is the final grid, flattened row by row."""
    g = [row[:] for row in initial]
    for op in operations:
        for r, c in buttons[op]:
            g[r - 1][c - 1] ^= 1
    return [v for row in g for v in row]


def lights_question(initial: Grid, buttons: dict[str, list[list[int]]], operations: list[str]) -> str:
    n = len(initial)
    grid = "\n".join("".join(map(str, r)) for r in initial)
    controls = "\n".join(f"Button {b} controls the lights at " + ", ".join(f'["{r}", "{c}"]' for r, c in cells)
                         for b, cells in buttons.items())
    rounds = "\n".join(f"Round {i}: Button {op}" for i, op in enumerate(operations, 1))
    return ("There is an n*n grid with some lights randomly distributed. A lit light is represented by 1, and an "
            "unlit light is represented by 0. There are some buttons which can change the state of the lights in "
            "certain positions when they are pressed, like turning some lights on or off. Different buttons may "
            f"control the state of the same light.\nGiven n={n} and the number of buttons={len(buttons)}, the "
            f"initial network is:\n{grid}\n\n{controls}\n\n{rounds}\n\nPlease write the result after all rounds of "
            "operation based on the lights controlled by the button.\nFor example, "
            f"<<<{','.join(['0'] * n * n)}>>> represents a fully unlit light network.")


@generator("light_puzzles", size=[2, 5], buttons=[1, 3], rounds=[1, 4])
def _light_puzzles(rng: random.Random, size: list[int], buttons: list[int], rounds: list[int]) -> Made:
    """Anchor rules: each button controls 2..n*n//2 distinct cells; presses are drawn with repetition."""
    n, b, k = rng.randint(*size), rng.randint(*buttons), rng.randint(*rounds)
    initial = [[rng.randint(0, 1) for _ in range(n)] for _ in range(n)]
    cells = [[i + 1, j + 1] for i in range(n) for j in range(n)]
    controls = {chr(65 + i): rng.sample(cells, rng.randint(2, max(2, n * n // 2))) for i in range(b)}
    ops = [chr(65 + rng.randrange(b)) for _ in range(k)]
    ref = {"n": n, "initial_state": initial, "buttons": controls, "operations": ops,
           "solution": press_buttons(initial, controls, ops), "complexity": min(5, max(1, (n + b + k) // 3))}
    return lights_question(initial, controls, ops), ref, {}


# --- reversi -------------------------------------------------------------------------------------------------

_DIRS = [(0, 1), (1, 0), (0, -1), (-1, 0), (1, 1), (-1, -1), (1, -1), (-1, 1)]


def reversi_start(n: int) -> list[list[str]]:
    b = [["*"] * n for _ in range(n)]
    m = n // 2
    b[m - 1][m - 1], b[m - 1][m], b[m][m - 1], b[m][m] = "1", "0", "0", "1"
    return b


def _flips(b: list[list[str]], r: int, c: int, me: str) -> list[tuple[int, int]]:
    """Opponent runs closed by one of `me`'s pieces, in all eight directions ([] = not a legal move)."""
    if b[r][c] != "*":
        return []
    out: list[tuple[int, int]] = []
    for dr, dc in _DIRS:
        run: list[tuple[int, int]] = []
        i, j = r + dr, c + dc
        while 0 <= i < len(b) and 0 <= j < len(b) and b[i][j] not in ("*", me):
            run.append((i, j))
            i, j = i + dr, j + dc
        if run and 0 <= i < len(b) and 0 <= j < len(b) and b[i][j] == me:
            out += run
    return out


def _play(board: list[list[str]], moves: list[list[int]]) -> list[list[str]]:
    b = [row[:] for row in board]
    for k, (r, c) in enumerate(moves):
        me = "01"[k % 2]
        for i, j in [(r - 1, c - 1), *_flips(b, r - 1, c - 1, me)]:
            b[i][j] = me
    return b


def reversi(board: list[list[str]], moves: list[list[int]]) -> str:
    """Black ('0') places first and colours alternate; `moves` are 1-based; the board is returned flattened."""
    return ",".join(x for row in _play(board, moves) for x in row)


def reversi_question(board: list[list[str]], moves: list[list[int]]) -> str:
    rounds = "\n".join(f"Round {i + 1}: {'Your' if i % 2 == 0 else 'The opponent'}'s landing position is ({r},{c})"
                       for i, (r, c) in enumerate(moves))
    shown = "\n".join("".join(row) for row in board)
    return ("There is a game similar to Reversi. On an n*n grid (where n is even), four pieces are placed in the "
            "center, two black and two white, arranged diagonally. Black pieces are represented by 0, white pieces "
            "by 1, and empty spaces by *.\nRules:\n1. Two players take turns placing pieces, one playing black and "
            "the other playing white.\n2. Each player places one piece on an empty space during their turn.\n"
            "3. After placing a piece, if there are any of the opponent's pieces between two of the player's pieces "
            "(in the same row, column, or diagonal), those pieces will be flipped to the player's color. That is, 0 "
            "becomes 1, or 1 becomes 0.\nAll coordinates start from the first row and first column, and the "
            "coordinate (a, b) represents the cell in the a-th row and b-th column.\n\n"
            f"Given: n={len(board)}, you play black chess.\n\nThe previous round of the game was: \n{shown}\n\n"
            f"{rounds}\n\nPlease write down the game situation after this round based on the situation of the "
            "previous round.\nFor example, <<<*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*>>> represents the empty grid.")


@generator("reversi", size=[4, 6], moves=[1, 3])
def _reversi(rng: random.Random, size: list[int], moves: list[int]) -> Made:
    """Random legal moves from the opening position, which is what the question shows. (The anchor showed the
    board *after* the moves, so every stored answer is just the shown board; see the tests.)"""
    n = rng.choice([x for x in range(size[0], size[1] + 1) if x % 2 == 0])
    board, played = reversi_start(n), []
    for k in range(rng.randint(*moves)):
        b = _play(board, played)
        legal = [[r + 1, c + 1] for r in range(n) for c in range(n) if _flips(b, r, c, "01"[k % 2])]
        if not legal:
            break
        played.append(rng.choice(legal))
    ref = {"board_size": n, "moves": played, "solution": reversi(board, played),
           "complexity": min(max(len(played), 1), 5), "initial_state": board}
    return reversi_question(board, played), ref, {}


# --- pattern recognition -------------------------------------------------------------------------------------

def square_sizes(matrix: list[list[str]]) -> list[list[int]]:
    """Side of the largest one-character square ending (bottom-right) at each cell."""
    dp = [[1] * len(matrix[0]) for _ in matrix]
    for r in range(1, len(matrix)):
        for c in range(1, len(matrix[0])):
            if matrix[r][c] == matrix[r - 1][c] == matrix[r][c - 1] == matrix[r - 1][c - 1]:
                dp[r][c] = 1 + min(dp[r - 1][c], dp[r][c - 1], dp[r - 1][c - 1])
    return dp


def find_square(matrix: list[list[str]], least: int = 3) -> list[tuple[int, int]]:
    """Bottom-right corners of the maximal squares of side >= `least` (those inside no larger square)."""
    dp = square_sizes(matrix)
    found = [(r, c, k) for r, row in enumerate(dp) for c, k in enumerate(row) if k >= least]
    return [(r, c) for r, c, k in found if not any(
        k2 > k and r2 - k2 < r - k + 1 and r <= r2 and c2 - k2 < c - k + 1 and c <= c2 for r2, c2, k2 in found)]


def pattern_complexity(rows: int, cols: int, side: int) -> int:
    """The anchor's levels: small matrices with relatively small squares are easiest."""
    return next((lvl for lvl, (area, ratio) in enumerate([(81, .2), (144, .25), (225, .33), (324, .4)], 1)
                 if rows * cols <= area and side / min(rows, cols) <= ratio), 5)


def pattern_question(matrix: list[list[str]]) -> str:
    rows = "\n".join(" ".join(r) for r in matrix)
    return ("Given a character matrix, your task is to identify the positions of all squares with a length of at "
            "least 3 and output the row and column numbers of the bottom-right corner of these squares. The squares "
            "are composed of the same character, and each side has a length of at least 3.\n\n"
            f"If the matrix is\n\n{rows}\n\nPlease provide the row and column of the bottom-right vertex of the square "
            "in the character matrix with a side length of at least 3 (the answer is unique). Notice: All "
            "coordinates start from 0.  \n\nYour answer should be in the format <<<[row, column]>>>.")


@generator("pattern_recognition", rows=[6, 15], cols=[6, 15], side=[3, 7])
def _pattern_recognition(rng: random.Random, rows: list[int], cols: list[int], side: list[int]) -> Made:
    """Anchor sizes; one square planted, redrawn until it is the only maximal square of side >= 3 (the anchor's
    own uniqueness check could not see most other squares)."""
    r, c = rng.randint(*rows), rng.randint(*cols)
    k = min(rng.randint(*side), max(3, min(r, c) // 2))
    for _ in draws("pattern_recognition"):
        m = [[rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(c)] for _ in range(r)]
        top, left, ch = rng.randint(0, r - k), rng.randint(0, c - k), rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for i in range(top, top + k):
            m[i][left:left + k] = [ch] * k
        if find_square(m) == [(top + k - 1, left + k - 1)]:
            break
    ref = {"row": top + k - 1, "column": left + k - 1, "complexity": pattern_complexity(r, c, k)}
    return pattern_question(m), ref, {"side": k}


# --- letter logic diagram ------------------------------------------------------------------------------------

_LETTERS = "abcdefg"


def solve_letter_logic(grid: list[list[str | None]], limit: int = 2,
                       rng: random.Random | None = None) -> list[list[list[str]]]:
    """Up to `limit` completions: a 7x7 Latin square on a..g whose minor diagonal holds one letter. The diagonal
    letter is fixed first (it is forced by any given diagonal cell), then cells by fewest options."""
    given = {x for r in range(7) if (x := grid[r][6 - r])}
    diag = sorted(given) if given else list(_LETTERS)
    if rng is not None:
        rng.shuffle(diag)
    out: list[list[list[str]]] = []
    for d in diag if len(given) <= 1 else []:
        g = [[grid[r][c] or (d if c == 6 - r else None) for c in range(7)] for r in range(7)]
        rows = [{x for x in row if x} for row in g]
        cols = [{g[r][c] for r in range(7) if g[r][c]} for c in range(7)]
        if any(len(rows[i]) != sum(x is not None for x in g[i]) for i in range(7)) or any(
                len(cols[j]) != sum(g[r][j] is not None for r in range(7)) for j in range(7)):
            continue  # the diagonal letter clashes with a given

        def search() -> None:
            best: tuple[int, int] | None = None
            best_opts: list[str] = []
            for r in range(7):
                for c in range(7):
                    if g[r][c] is None:
                        opts = [x for x in _LETTERS if x not in rows[r] and x not in cols[c]]
                        if best is None or len(opts) < len(best_opts):
                            best, best_opts = (r, c), opts
            if best is None:
                out.append([[x or "" for x in row] for row in g])
                return
            r, c = best
            if rng is not None:
                rng.shuffle(best_opts)
            for x in best_opts:
                g[r][c] = x
                rows[r].add(x)
                cols[c].add(x)
                search()
                g[r][c] = None
                rows[r].discard(x)
                cols[c].discard(x)
                if len(out) >= limit:
                    return

        search()
        if len(out) >= limit:
            break
    return out[:limit]


def letter_logic_question(grid: list[list[str | None]]) -> str:
    rows = "\n".join(",".join(x or "" for x in row) for row in grid)
    return ("Given a 7x7 grid of letters {a..g}, some cells are pre-filled. Fill the rest so that:\n"
            "1) Each row has exactly one of each letter {a..g}.\n2) Each column has exactly one of each letter "
            "{a..g}.\n3) All cells on the minor diagonal (top-right to bottom-left) contain the same letter.\n\n"
            "Here is the puzzle (each row on its own line, cells separated by commas, empty cells blank):\n\n"
            f"{rows}\n\nReturn the answer with the format:\n<<<\nrow1\nrow2\n...  (7 rows total)\n>>>\n\n"
            "where each row has 7 letters separated by commas.")


@generator("letter_logic_diagram", complexity=[1, 5])
def _letter_logic_diagram(rng: random.Random, complexity: list[int]) -> Made:
    """The anchor blanked min(10 + 5 * complexity, 30) cells without a uniqueness check, so many stored puzzles
    have several answers while the task is scored by exact match; here a cell is blanked only if the answer
    stays unique (dense targets may fall short: metadata has the real count). Solutions are random Latin
    squares, not only the anchor's cyclic ones."""
    level = rng.randint(*complexity)
    solution = solve_letter_logic([[None] * 7 for _ in range(7)], limit=1, rng=rng)[0]
    grid: list[list[str | None]] = [list(row) for row in solution]
    cells = [(r, c) for r in range(7) for c in range(7)]
    rng.shuffle(cells)
    target, blank = min(10 + 5 * level, 30), 0
    for r, c in cells:
        if blank >= target:
            break
        grid[r][c] = None
        if len(solve_letter_logic(grid)) == 1:
            blank += 1
        else:
            grid[r][c] = solution[r][c]
    return letter_logic_question(grid), {"grid": grid, "solution": solution, "complexity": level}, {"removed": blank}
