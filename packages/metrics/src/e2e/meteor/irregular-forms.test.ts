import { describe, expect, test } from 'vitest';
import { exceptionBases } from './irregular-forms.ts';
import { jarMorph } from './wordnet.ts';
import { synonymSets } from './resources.ts';
import { meteor } from './scorer.ts';

describe("WordNet morphology as the jar applies it (exception lists, then suffix rules)", () => {
  test('suffix rules: first rule whose result is a lemma; ss-words and short words are their own base', () => {
    expect(jarMorph('dishes')).toBe('dish'); // s -> '' gives no lemma, shes -> sh does
    expect(jarMorph('located')).toBe('locate'); // ed -> e comes before ed -> ''
    expect(jarMorph('glass')).toBe('glass');
    expect(jarMorph('has')).toBe('ha'); // what the rules alone do, hence the exception below
    expect(jarMorph('children')).toBe('');
  });
  test('irregular forms get their bases; forms the rules already handle get none', () => {
    expect(exceptionBases('children')).toEqual(['child']);
    expect(exceptionBases('went')).toContain('go');
    expect(exceptionBases('has')).toEqual(['have']);
    expect(exceptionBases('better')).toContain('good');
    expect(exceptionBases('stopped')).toEqual(['stop']);
    expect(exceptionBases('bigger')).toEqual(['big']);
    expect(exceptionBases('walked')).toBeNull();
    expect(exceptionBases('restaurants')).toBeNull();
    expect(exceptionBases('would')).toBeNull(); // modals are no WordNet verb forms
  });
  test('synonym sets include the exception bases', () => {
    const shared = (a: string, b: string) => [...synonymSets(a)].some((id) => synonymSets(b).has(id));
    expect(shared('children', 'child')).toBe(true);
    expect(shared('went', 'go')).toBe(true);
    expect(shared('children', 'restaurant')).toBe(false);
  });
  test('children ~ child is a synonym match (weight 0.8) inside one chunk', () => {
    const s = meteor(['the child friendly pub'], [['the children friendly pub']]).segments[0];
    // content child / friendly / pub, function 'the'; all matched in one chunk, so no fragmentation penalty
    expect(s).toBeCloseTo((0.75 * (2 + 0.8) + 0.25) / (0.75 * 3 + 0.25), 12);
  });
});
